package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"carebook/data"
)

type people struct {
	boys, girls, surnames []string
	// feminine turns a surname into its feminine form.
	feminine func(string) string
	lang     data.Language
}

func slavicFeminine(s string) string {
	for _, end := range []string{"ов", "ев", "ин", "ёв"} {
		if strings.HasSuffix(s, end) {
			return s + "а"
		}
	}
	if strings.HasSuffix(s, "ий") {
		return strings.TrimSuffix(s, "ий") + "ая"
	}
	return s
}

var nations = []people{
	{
		boys:     []string{"Нұрсұлтан", "Әлихан", "Ерасыл", "Данияр", "Арман", "Бекзат", "Айдос", "Ернұр", "Ислам", "Медет", "Талғат", "Әмір", "Іңкәр", "Жәнібек"},
		girls:    []string{"Аружан", "Айзере", "Томирис", "Аяулым", "Жансая", "Әсем", "Інжу", "Мерей", "Дильназ", "Айша", "Ұлжан", "Гүлназ"},
		surnames: []string{"Сейітқалиев", "Құрманов", "Жұмабаев", "Оспанов", "Бекмағамбетов", "Тоқтаров", "Әбдірахманов", "Нұрланов", "Серікбаев", "Қасымов", "Ғабитов", "Өмірзақов"},
		feminine: slavicFeminine, lang: data.LangKazakh,
	},
	{
		boys:     []string{"Артём", "Михаил", "Даниил", "Максим", "Иван", "Егор", "Лев", "Матвей", "Тимофей", "Роман"},
		girls:    []string{"Анна", "Мария", "Полина", "София", "Алиса", "Виктория", "Ева", "Варвара"},
		surnames: []string{"Иванов", "Ким", "Петренко", "Соколов", "Попов", "Лебедев", "Цой", "Новиков", "Шевченко", "Морозов"},
		feminine: slavicFeminine, lang: data.LangRussian,
	},
	{
		boys:     []string{"Jasur", "Otabek", "Sardor", "Oʻtkir", "Bobur", "Sherzod", "Doniyor", "Gʻayrat"},
		girls:    []string{"Oʻgʻiloy", "Shahzoda", "Dilnoza", "Madina", "Gulnora", "Zarina", "Sevara"},
		surnames: []string{"Rahimov", "Yoʻldoshev", "Karimov", "Toshmatov", "Gʻulomov", "Ergashev", "Qodirov"},
		feminine: func(s string) string { return s + "a" }, lang: data.LangUzbek,
	},
}

var regions = map[data.Language][]string{
	data.LangKazakh:  {"Алматы", "Астана", "Шымкент", "Алматинская область", "Түркістан облысы", "Жамбыл облысы", "Қызылорда облысы", "Ақтөбе облысы", "Маңғыстау облысы"},
	data.LangRussian: {"Алматы", "Астана", "Карагандинская область", "Павлодарская область", "Восточно-Казахстанская область", "Костанайская область"},
	data.LangUzbek:   {"Toshkent", "Samarqand viloyati", "Fargʻona viloyati", "Buxoro viloyati", "Andijon viloyati"},
}

var diagnoses = []struct{ text, icd, program string }{
	{"Детский церебральный паралич, спастическая диплегия", "G80.1", "Реабилитация"},
	{"Острый лимфобластный лейкоз", "C91.0", "Онкология"},
	{"Врождённый порок сердца: дефект межжелудочковой перегородки", "Q21.0", "Кардиохирургия"},
	{"Сенсоневральная тугоухость IV степени", "H90.3", "Слух"},
	{"Бета-талассемия, большая форма", "D56.1", "Трансплантация"},
	{"Spina bifida, миеломенингоцеле", "Q05.7", "Лечение за рубежом"},
	{"Сколиоз IV степени", "M41.1", "Хирургия"},
	{"Расщелина губы и нёба", "Q37.9", "Хирургия"},
	{"Нейробластома", "C74.9", "Онкология"},
	{"Буллёзный эпидермолиз", "Q81.2", "Хирургия"},
	{"Гидроцефалия", "G91.9", "Нейрохирургия"},
	{"Врождённая катаракта", "Q12.0", "Офтальмология"},
}

// statusWeights: where synthetic cases stand, roughly as in a foundation's
// real book (many closed, a steady flow of new appeals).
var statusWeights = []struct {
	status data.Status
	weight int
}{
	{data.StatusClosed, 30}, {data.StatusIntake, 8}, {data.StatusDocuments, 8}, {data.StatusReview, 8},
	{data.StatusApproved, 5}, {data.StatusFundraising, 15}, {data.StatusFunded, 5}, {data.StatusTreatment, 8},
	{data.StatusRehabilitation, 7}, {data.StatusDeclined, 3}, {data.StatusOnHold, 3},
}

var workflow = []data.Status{data.StatusDocuments, data.StatusReview, data.StatusApproved, data.StatusFundraising,
	data.StatusFunded, data.StatusTreatment, data.StatusRehabilitation}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// synthetic adds opt.Children cases with guardians, a few journey events,
// estimates and donations from a pool of synthetic donors.
func (b *builder) synthetic(opt Options, d donors) {
	r := rand.New(rand.NewPCG(uint64(opt.Seed), 0xCA5EB00C))
	pool := []string{d.aigul, d.sergey, d.bereke, d.anon, d.dilnoza, d.sarah, d.energy}
	for i := range max(20, opt.Children/25) {
		n := pick(r, nations)
		name := pick(r, n.surnames) + " " + pick(r, append(n.boys, n.girls...))
		pool = append(pool, b.donor(data.Donor{DisplayName: name, Language: n.lang, Anonymous: i%17 == 0,
			Phone: fmt.Sprintf("+7 70%d %03d %02d %02d", r.IntN(9), r.IntN(1000), r.IntN(100), r.IntN(100))}))
	}
	var earmarkable []string // the cases that take donations
	total := 0
	for _, w := range statusWeights {
		total += w.weight
	}
	for i := range opt.Children {
		if b.err != nil {
			return
		}
		if opt.Progress != nil && i%250 == 0 {
			opt.Progress(i, opt.Children)
		}
		n := pick(r, nations)
		girl := r.IntN(2) == 0
		first, sex, surname := pick(r, n.boys), data.SexMale, pick(r, n.surnames)
		if girl {
			first, sex, surname = pick(r, n.girls), data.SexFemale, n.feminine(surname)
		}
		dg := pick(r, diagnoses)
		k := b.newCase(0, data.Child{FirstName: first, LastName: surname, BirthDate: b.birth(r.IntN(17), r.IntN(365)),
			Sex: sex, Region: pick(r, regions[n.lang]), Diagnosis: dg.text, ICD10: dg.icd, Program: dg.program,
			Urgency: pick(r, data.AllUrgencies)})
		if b.err != nil {
			return
		}
		k.guardian(data.Guardian{FullName: n.feminine(strings.Fields(surname)[0]) + " " + pick(r, n.girls),
			Relation: data.RelationMother, Phones: fmt.Sprintf("+7 70%d %03d %02d %02d", r.IntN(9), r.IntN(1000), r.IntN(100), r.IntN(100)),
			Language: n.lang})
		start := 30 + r.IntN(500)
		k.event(start, data.EventAppeal, "Обращение семьи", k.child.Region, "")

		roll, target := r.IntN(total), data.StatusIntake
		for _, w := range statusWeights {
			if roll < w.weight {
				target = w.status
				break
			}
			roll -= w.weight
		}
		b.walkTo(k, target, r)
		if target != data.StatusIntake && target != data.StatusDocuments && target != data.StatusDeclined {
			cur := pick(r, []string{"KZT", "KZT", "EUR", "USD", "RUB"})
			price := int64(500_000+r.IntN(9_500_000)) * 100
			if cur != "KZT" {
				price = int64(2_000+r.IntN(60_000)) * 100
				if cur == "RUB" {
					price *= 90
				}
			}
			k.estimate(data.Estimate{Provider: "Клиника " + dg.program, Title: dg.text, Currency: cur,
				IssuedOn: b.ago(start - 10), Status: data.EstimateAccepted}, line{dg.text, 1000, price})
			earmarkable = append(earmarkable, k.child.ID)
			for range r.IntN(5) {
				b.give(pick(r, pool), r.IntN(start-10)+1, kzt(int64(5_000+r.IntN(400)*5_000)),
					pick(r, data.AllMethods[:4]), k.child.ID, "", r.IntN(3) > 0)
			}
		}
	}
	if opt.Progress != nil {
		opt.Progress(opt.Children, opt.Children)
	}
	if opt.Donations > 0 && b.err == nil {
		b.many(opt, r, earmarkable)
	}
}

// walkTo moves a synthetic case to target along the workflow.
func (b *builder) walkTo(k *kase, target data.Status, r *rand.Rand) {
	switch target {
	case data.StatusIntake:
	case data.StatusDeclined:
		k.walk(0, data.StatusDocuments, data.StatusReview)
		k.move(0, data.StatusDeclined, "", "Лечение доступно по государственной квоте")
	case data.StatusOnHold:
		k.walk(0, workflow[:1+r.IntN(4)]...)
		k.move(0, data.StatusOnHold, "", "Семья временно не выходит на связь")
	case data.StatusClosed:
		k.walk(0, workflow...)
		k.move(0, data.StatusClosed, pick(r, []data.Outcome{data.OutcomeTreated, data.OutcomeTreated, data.OutcomeTreated,
			data.OutcomeTreated, data.OutcomeTransferred, data.OutcomeWithdrawn}), "Лечение завершено")
	default:
		for _, st := range workflow {
			k.walk(0, st)
			if st == target {
				break
			}
		}
	}
}
