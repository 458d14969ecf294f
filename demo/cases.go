package demo

import "carebook/data"

// The three kinds of case docs/domain.md tells of, with invented names.

// caseEB: a girl with dystrophic epidermolysis bullosa whose fused fingers are
// separated by hand surgeons flown in from Germany; dressings, splints, phased
// rehabilitation. Now in rehabilitation.
func (b *builder) caseEB(d donors) {
	k := b.newCase(300, data.Child{
		FirstName: "Аружан", LastName: "Мұратбекова", MiddleName: "Ержанқызы", LatinName: "Aruzhan Muratbekova",
		BirthDate: b.birth(7, 96), Sex: data.SexFemale, Region: "Түркістан облысы", Settlement: "Кентау",
		Address: "ул. Жібек жолы, 14", Diagnosis: "Дистрофический буллёзный эпидермолиз; синдактилия обеих кистей",
		ICD10: "Q81.2", Program: "Хирургия", Urgency: data.UrgencyUrgent, Volunteer: "Гүлнар Оспанова",
		Story: "Аружан семь лет. С рождения её кожа ранима, как крыло бабочки: любое прикосновение оставляет раны, " +
			"а из-за рубцов пальцы на обеих руках срослись. Девочка не может сама держать ложку и карандаш, " +
			"хотя очень хочет рисовать.\n\nХирурги-кистевики из Мюнхена согласились приехать в Алматы и провести " +
			"операцию по разделению пальцев. После неё нужны специальные атравматичные повязки, шины и долгая " +
			"реабилитация в несколько этапов. Семья из Кентау не может оплатить это сама.",
	})
	k.photo(0.95, b.ago(290))
	mother := k.guardian(data.Guardian{FullName: "Мұратбекова Сәуле Бақытқызы", Relation: data.RelationMother,
		Phones: "+7 702 555 14 20", Email: "saule.m@example.kz", Language: data.LangKazakh,
		Address: "Түркістан облысы, Кентау, ул. Жібек жолы, 14", IDDocument: "041234567"})
	form := k.paper(data.DocConsentForm, "Согласие законного представителя", "согласие Мұратбекова.pdf",
		"Благотворительный фонд «Мейірім»", b.ago(295),
		"Я, Мұратбекова Сәуле Бақытқызы, мать Мұратбековой Аружан, даю согласие на обработку персональных и медицинских данных дочери, передачу их клиникам, публикацию её истории и фотографии.",
		"Фамилию ребёнка прошу не публиковать.")
	k.consents(mother, form, b.ago(295), data.ConsentData, data.ConsentClinics, data.ConsentPublishStory, data.ConsentPublishPhoto)
	k.paper(data.DocIdentity, "Свидетельство о рождении", "свидетельство о рождении.pdf", "ЗАГС г. Кентау", b.birth(7, 80),
		"Мұратбекова Аружан Ержанқызы. Место рождения: г. Кентау, Туркестанская область.")
	concl := k.paper(data.DocMedicalConclusion, "Заключение дерматолога", "заключение дерматолога.pdf",
		"Научный центр педиатрии и детской хирургии, Алматы", b.ago(270),
		"Диагноз: дистрофический буллёзный эпидермолиз (Q81.2). Псевдосиндактилия обеих кистей III–IV степени.",
		"Рекомендовано: хирургическое разделение пальцев поэтапно, сначала правая кисть; атравматичные повязки, индивидуальные шины, реабилитация не менее 12 месяцев.")
	quoteEUR := k.paper(data.DocQuote, "Смета выездной хирургической бригады", "Kostenvoranschlag München.pdf",
		"Klinikum Bogenhausen, München", b.ago(250),
		"| Гонорар бригады хирургов-кистевиков (2 этапа) | 9 000,00 €",
		"| Перелёты и проживание бригады | 3 200,00 €",
		"| Итого | 12 200,00 €")
	k.event(300, data.EventAppeal, "Обращение мамы в фонд", "Кентау", "Мама написала в фонд после публикации о другом ребёнке с БЭ.")
	k.event(280, data.EventConsultation, "Консультация дерматолога", "Алматы, НЦПДХ", "")
	k.event(270, data.EventDiagnosis, "Подтверждён диагноз", "Алматы, НЦПДХ", "Нужна операция по разделению пальцев.", concl)
	k.walk(290, data.StatusDocuments)
	k.walk(268, data.StatusReview)
	k.walk(240, data.StatusApproved)
	k.event(240, data.EventApproved, "Попечительский совет одобрил сбор", "", "")
	old := k.estimate(data.Estimate{Provider: "Klinikum Bogenhausen, München", Title: "Выездная бригада, первая версия",
		Currency: "EUR", IssuedOn: b.ago(262), ValidUntil: b.ago(172), Status: data.EstimateSuperseded},
		line{"Гонорар бригады хирургов-кистевиков (2 этапа)", 2000, 4_800_00},
		line{"Перелёты и проживание бригады", 1000, 3_500_00})
	eur := k.estimate(data.Estimate{Provider: "Klinikum Bogenhausen, München", Title: "Выездная бригада",
		Currency: "EUR", IssuedOn: b.ago(250), ValidUntil: b.ago(160), Status: data.EstimateAccepted, SupersedesID: old},
		line{"Гонорар бригады хирургов-кистевиков (2 этапа)", 2000, 4_500_00},
		line{"Перелёты и проживание бригады", 1000, 3_200_00})
	kz := k.estimate(data.Estimate{Provider: "Научный центр педиатрии и детской хирургии, Алматы", Title: "Госпитализация и реабилитация",
		Currency: "KZT", IssuedOn: b.ago(245), ValidUntil: b.ago(60), Status: data.EstimateAccepted},
		line{"Койко-день в хирургическом отделении", 14000, 45_000_00},
		line{"Атравматичные повязки (упаковка)", 60000, 8_500_00},
		line{"Индивидуальные шины для кистей", 4000, 35_000_00},
		line{"Курс реабилитации (этап)", 3000, 180_000_00})
	_ = quoteEUR
	k.walk(236, data.StatusFundraising)
	b.give(d.aigul, 230, kzt(150_000), data.MethodKaspi, k.child.ID, "KSP-230-0041", true)
	b.give(d.bereke, 220, kzt(2_000_000), data.MethodBank, k.child.ID, "PP 1187", true)
	b.give(d.anon, 215, kzt(500_000), data.MethodCard, k.child.ID, "", false)
	b.give(d.sarah, 205, cur(1_500, "EUR"), data.MethodBank, k.child.ID, "SWIFT MT103 8841", true)
	b.give(d.energy, 190, kzt(4_000_000), data.MethodBank, k.child.ID, "PP 5520", true)
	b.give(d.sergey, 185, kzt(250_000), data.MethodKaspi, k.child.ID, "KSP-185-1173", false)
	b.give(d.bereke, 150, kzt(1_200_000), data.MethodBank, k.child.ID, "PP 1266", false)
	k.walk(140, data.StatusFunded)
	k.walk(121, data.StatusTreatment)
	k.pay(130, "Klinikum Bogenhausen, München", cur(12_200, "EUR"), eur, "INV-2026-0442")
	k.event(120, data.EventHospitalization, "Госпитализация", "Алматы, НЦПДХ", "")
	k.event(118, data.EventSurgery, "Разделение пальцев правой кисти", "Алматы, НЦПДХ",
		"Операцию провела приглашённая бригада хирургов-кистевиков из Мюнхена. Наложены атравматичные повязки и шины.")
	k.pay(100, "Научный центр педиатрии и детской хирургии", kzt(1_400_000), kz, "Счёт 77/14")
	k.event(100, data.EventDischarge, "Выписка домой", "Алматы", "Мама обучена перевязкам.")
	k.walk(92, data.StatusRehabilitation)
	k.event(90, data.EventRehabilitation, "Первый этап реабилитации", "Шымкент",
		"Лечебная физкультура, шины на ночь, перевязки каждые два дня. Аружан впервые держит карандаш.")
}

// caseThalassemia: an Uzbek girl with transfusion-dependent thalassemia
// waiting for an allogeneic bone-marrow transplant from a matched donor. Now
// fundraising, with a gap.
func (b *builder) caseThalassemia(d donors) {
	k := b.newCase(175, data.Child{
		FirstName: "Oʻgʻiloy", LastName: "Rahimova", MiddleName: "Jasurovna", LatinName: "Ogiloy Rakhimova",
		BirthDate: b.birth(5, 200), Sex: data.SexFemale, Region: "Samarqand viloyati", Settlement: "Urgut",
		Diagnosis: "Бета-талассемия, большая форма (трансфузионно-зависимая)", ICD10: "D56.1",
		Program: "Трансплантация", Urgency: data.UrgencyCritical, Volunteer: "Дилшод Тошматов",
		Story: "Oʻgʻiloy пять лет, и каждые три недели ей переливают кровь. Без пересадки костного мозга " +
			"перегрузка железом разрушает сердце и печень. В международном регистре нашёлся совместимый " +
			"неродственный донор. Клиника в Стамбуле готова провести трансплантацию и наблюдать девочку " +
			"сто дней после неё. Нужна помощь, чтобы успеть, пока донор доступен.",
	})
	k.photo(0.12, b.ago(170))
	father := k.guardian(data.Guardian{FullName: "Rahimov Jasur Akmalovich", Relation: data.RelationFather,
		Phones: "+998 90 765 43 21", Language: data.LangUzbek, Address: "Urgut tumani, Navbahor koʻchasi, 7",
		IDDocument: "AB 1234567"})
	k.guardian(data.Guardian{FullName: "Rahimova Nodira Bahodirovna", Relation: data.RelationMother,
		Phones: "+998 93 111 22 33", Language: data.LangUzbek})
	form := k.paper(data.DocConsentForm, "Rozilik xati / Согласие", "rozilik xati.pdf", "Благотворительный фонд «Мейірім»", b.ago(180),
		"Men, Rahimov Jasur Akmalovich, qizim Oʻgʻiloyning shaxsiy va tibbiy maʼlumotlarini qayta ishlashga, klinikalarga berishga, hikoyasi, surati va ismini eʼlon qilishga roziman.")
	k.consents(father, form, b.ago(180), data.ConsentData, data.ConsentClinics, data.ConsentPublishStory,
		data.ConsentPublishPhoto, data.ConsentPublishName)
	hla := k.paper(data.DocTestResult, "HLA-типирование", "HLA typing.pdf", "Istanbul Pediatric Transplant Center (demo)", b.ago(140),
		"Найден неродственный донор, совместимый 10/10 по HLA-A, -B, -C, -DRB1, -DQB1.")
	k.paper(data.DocMedicalConclusion, "Заключение гематолога", "заключение гематолога.pdf",
		"Республиканский специализированный научно-практический центр гематологии, Ташкент", b.ago(160),
		"Бета-талассемия, большая форма. Ферритин 3 400 нг/мл. Показана аллогенная трансплантация гемопоэтических стволовых клеток.")
	k.event(175, data.EventAppeal, "Обращение семьи", "Urgut", "")
	k.event(160, data.EventDiagnosis, "Показана трансплантация", "Ташкент", "")
	k.walk(172, data.StatusDocuments)
	k.walk(150, data.StatusReview)
	k.event(140, data.EventConsultation, "Поиск донора: совместимость 10/10", "Стамбул (дистанционно)", "", hla)
	k.walk(120, data.StatusApproved)
	k.event(120, data.EventApproved, "Сбор одобрен", "", "")
	k.estimate(data.Estimate{Provider: "НМИЦ детской гематологии (демо), Москва", Title: "Трансплантация, альтернатива",
		Currency: "RUB", IssuedOn: b.ago(135), ValidUntil: b.ago(45), Status: data.EstimateRejected,
		Notes: "Отклонено: очередь больше 8 месяцев."},
		line{"Аллогенная ТГСК от неродственного донора", 1000, 6_900_000_00},
		line{"Сопровождение 100 дней", 1000, 1_450_000_00})
	k.estimate(data.Estimate{Provider: "Istanbul Pediatric Transplant Center (demo)", Title: "Аллогенная трансплантация костного мозга",
		Currency: "USD", IssuedOn: b.ago(125), ValidUntil: b.today.AddDays(60), Status: data.EstimateAccepted},
		line{"Подтверждение и активация донора", 1000, 18_000_00},
		line{"Трансплантация и госпитализация", 1000, 95_000_00},
		line{"Наблюдение после трансплантации (дни)", 60000, 450_00})
	k.walk(118, data.StatusFundraising)
	b.give(d.dilnoza, 110, cur(25_000_000, "UZS"), data.MethodCard, k.child.ID, "UZCARD 55101", true)
	b.give(d.energy, 95, kzt(10_000_000), data.MethodBank, k.child.ID, "PP 5601", false)
	b.give(d.sergey, 60, kzt(300_000), data.MethodKaspi, k.child.ID, "KSP-060-9921", false)
	b.give(d.anon, 40, cur(2_000, "USD"), data.MethodBank, k.child.ID, "", false)
	b.give("", 20, kzt(86_500), data.MethodCash, k.child.ID, "", false)
	al := &data.Allocation{ChildID: k.child.ID, On: b.ago(30), Amount: kzt(3_000_000), Note: "Решение правления: из общего фонда"}
	b.check(b.s.Allocations.Create(b.ctx, al))
}

// caseSpine: a boy with spina bifida operated abroad after two failed
// operations at home; a 7-hour operation paid partly by the foundation (a
// state quota covers part); donors thanked afterwards. Closed, treated.
func (b *builder) caseSpine(d donors) {
	k := b.newCase(265, data.Child{
		FirstName: "Даниил", LastName: "Ким", MiddleName: "Сергеевич", LatinName: "Daniil Kim",
		BirthDate: b.birth(11, 40), Sex: data.SexMale, Region: "г. Алматы", Settlement: "Алматы",
		Address:   "мкр. Орбита-2, д. 17, кв. 40",
		Diagnosis: "Spina bifida (миеломенингоцеле L4–L5), фиксированный спинной мозг после двух операций",
		ICD10:     "Q05.7", Program: "Лечение за рубежом", Urgency: data.UrgencyUrgent, Volunteer: "Гүлнар Оспанова",
		Story: "Даниилу одиннадцать. Он родился со spina bifida и перенёс две операции в Казахстане, " +
			"но спинной мозг снова оказался фиксирован, и мальчик начал терять чувствительность в ногах. " +
			"Нейрохирурги университетской клиники в Тюбингене взялись за сложную повторную операцию. " +
			"Часть расходов покрывает государственная квота, остальное собираем вместе.",
	})
	k.photo(0.58, b.ago(250))
	mother := k.guardian(data.Guardian{FullName: "Ким Ольга Викторовна", Relation: data.RelationMother,
		Phones: "+7 705 321 00 99", Email: "olga.kim@example.kz", Language: data.LangRussian,
		Address: "г. Алматы, мкр. Орбита-2, д. 17, кв. 40", IDDocument: "N09876543"})
	form := k.paper(data.DocConsentForm, "Согласие законного представителя", "согласие Ким.pdf", "Благотворительный фонд «Мейірім»", b.ago(260),
		"Я, Ким Ольга Викторовна, даю согласие на обработку данных сына, передачу их клиникам и публикацию его истории, фотографии и имени.")
	k.consents(mother, form, b.ago(260), data.ConsentData, data.ConsentClinics, data.ConsentPublishStory,
		data.ConsentPublishPhoto, data.ConsentPublishName)
	quote := k.paper(data.DocQuote, "Kostenvoranschlag Neurochirurgie", "Kostenvoranschlag Tübingen.pdf",
		"Universitätsklinikum Tübingen (demo)", b.ago(230),
		"| Operative Lösung des Tethered Cord, Neuromonitoring | 31 500,00 €",
		"| Stationärer Aufenthalt, 12 Tage | 14 400,00 €",
		"| Nachuntersuchung | 2 100,00 €",
		"| Gesamt | 48 000,00 €")
	k.paper(data.DocMedicalConclusion, "Выписка после второй операции", "выписка 2 операция.pdf",
		"Городская детская больница №2, Алматы", b.ago(400),
		"Состояние после повторной операции. Рецидив фиксации спинного мозга. Рекомендовано лечение в специализированном центре.")
	k.event(265, data.EventAppeal, "Обращение мамы", "Алматы", "После двух операций дома нужна клиника с опытом повторных вмешательств.")
	k.walk(262, data.StatusDocuments)
	k.walk(245, data.StatusReview)
	k.walk(235, data.StatusApproved)
	k.event(235, data.EventApproved, "Одобрено; 15 000 € покрывает квота", "", "")
	est := k.estimate(data.Estimate{Provider: "Universitätsklinikum Tübingen (demo)", Title: "Повторная операция на спинном мозге",
		Currency: "EUR", IssuedOn: b.ago(230), ValidUntil: b.ago(50), Status: data.EstimateAccepted,
		Covered: 15_000_00, Notes: "Государственная квота покрывает 15 000 €."},
		line{"Операция: устранение фиксации спинного мозга, нейромониторинг", 1000, 31_500_00},
		line{"Стационар, дни", 12000, 1_200_00},
		line{"Контрольное обследование", 1000, 2_100_00})
	travel := k.estimate(data.Estimate{Provider: "Агентство медицинского туризма «Жол» (демо)", Title: "Перелёт и проживание мамы с сыном",
		Currency: "KZT", IssuedOn: b.ago(228), ValidUntil: b.ago(140), Status: data.EstimateAccepted},
		line{"Авиабилеты Алматы — Штутгарт — Алматы", 2000, 520_000_00},
		line{"Проживание рядом с клиникой, ночей", 16000, 38_000_00})
	k.walk(229, data.StatusFundraising)
	b.give(d.sergey, 225, kzt(500_000), data.MethodBank, k.child.ID, "PP 0091", true)
	b.give(d.bereke, 210, kzt(5_000_000), data.MethodBank, k.child.ID, "PP 1201", true)
	b.give(d.aigul, 200, kzt(100_000), data.MethodKaspi, k.child.ID, "KSP-200-3321", true)
	b.give(d.sarah, 195, cur(3_000, "EUR"), data.MethodBank, k.child.ID, "SWIFT MT103 9012", true)
	b.give(d.energy, 180, kzt(8_000_000), data.MethodBank, k.child.ID, "PP 5533", true)
	b.give(d.anon, 170, cur(1_000, "USD"), data.MethodCard, k.child.ID, "", true)
	b.give(d.dilnoza, 165, cur(5_000_000, "UZS"), data.MethodCard, k.child.ID, "UZCARD 40112", false)
	b.check(b.s.Allocations.Create(b.ctx, &data.Allocation{ChildID: k.child.ID, On: b.ago(162), Amount: kzt(4_000_000),
		Note: "Решение правления: недостающая часть из общего фонда"}))
	k.walk(160, data.StatusFunded)
	k.walk(141, data.StatusTreatment)
	k.pay(150, "Universitätsklinikum Tübingen", cur(33_000, "EUR"), est, "Rechnung 2026-118")
	k.pay(145, "Агентство медицинского туризма «Жол»", kzt(1_648_000), travel, "Счёт 311")
	k.event(140, data.EventHospitalization, "Госпитализация в Тюбингене", "Тюбинген, Германия", "", quote)
	k.event(138, data.EventSurgery, "Операция длилась 7 часов и прошла успешно", "Тюбинген, Германия",
		"Нейрохирурги устранили фиксацию спинного мозга. Чувствительность в ногах восстанавливается.")
	k.event(126, data.EventDischarge, "Выписка, возвращение домой", "Алматы", "")
	k.walk(125, data.StatusRehabilitation)
	k.event(100, data.EventRehabilitation, "Реабилитация дома", "Алматы", "Даниил снова ходит на занятия.")
	k.event(30, data.EventOutcome, "Лечение завершено", "Алматы", "Контрольное МРТ без признаков рецидива. Спасибо всем, кто помог!")
	k.move(29, data.StatusClosed, data.OutcomeTreated, "Лечение завершено успешно: контрольное МРТ без рецидива")
}

// earlyCases are cases still at the start of the workflow, so every list has
// some spread.
func (b *builder) earlyCases() {
	k := b.newCase(40, data.Child{FirstName: "Қайрат", LastName: "Бекжанов", MiddleName: "Ғалымжанұлы",
		BirthDate: b.birth(4, 20), Sex: data.SexMale, Region: "Жамбыл облысы", Settlement: "Тараз",
		Diagnosis: "Детский церебральный паралич, спастическая диплегия", ICD10: "G80.1", Program: "Реабилитация",
		Volunteer: "Гүлнар Оспанова"})
	k.guardian(data.Guardian{FullName: "Бекжанова Гүлмира Асқарқызы", Relation: data.RelationMother, Phones: "+7 708 400 10 20", Language: data.LangKazakh})
	k.event(40, data.EventAppeal, "Обращение через Instagram", "Тараз", "")
	k.walk(35, data.StatusDocuments)
	k.walk(10, data.StatusReview)

	k = b.newCase(25, data.Child{FirstName: "Мирон", LastName: "Петренко", MiddleName: "Олегович",
		BirthDate: b.birth(2, 150), Sex: data.SexMale, Region: "Карагандинская область", Settlement: "Темиртау",
		Diagnosis: "Сенсоневральная тугоухость IV степени, двусторонняя", ICD10: "H90.3", Program: "Слух",
		Volunteer: "Дилшод Тошматов"})
	k.guardian(data.Guardian{FullName: "Петренко Анна Игоревна", Relation: data.RelationMother, Phones: "+7 701 777 88 99", Language: data.LangRussian})
	k.event(25, data.EventAppeal, "Обращение: нужна кохлеарная имплантация", "Темиртау", "")
	k.walk(20, data.StatusDocuments)

	k = b.newCase(3, data.Child{FirstName: "Shahzoda", LastName: "Yoʻldosheva", MiddleName: "Baxtiyorovna",
		BirthDate: b.birth(0, 200), Sex: data.SexFemale, Region: "Toshkent", Settlement: "Toshkent",
		Diagnosis: "Врождённый порок сердца: дефект межжелудочковой перегородки", ICD10: "Q21.0",
		Program: "Кардиохирургия", Urgency: data.UrgencyCritical})
	k.guardian(data.Guardian{FullName: "Yoʻldosheva Gulnora", Relation: data.RelationMother, Phones: "+998 97 555 66 77", Language: data.LangUzbek})
	k.event(3, data.EventAppeal, "Обращение из кардиоцентра", "Toshkent", "")

	k = b.newCase(90, data.Child{FirstName: "Тимур", LastName: "Ахметов", MiddleName: "Русланович",
		BirthDate: b.birth(9, 10), Sex: data.SexMale, Region: "Павлодарская область", Settlement: "Экибастуз",
		Diagnosis: "Сколиоз IV степени", ICD10: "M41.1", Program: "Хирургия"})
	k.walk(85, data.StatusDocuments)
	k.move(60, data.StatusOnHold, "", "Семья ждёт решения о квоте в Павлодаре")
}
