package ui

import (
	"os"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"carebook/assets"
	"carebook/data"
)

// Interface languages. "" follows the system.
var uiLanguages = []string{"", "en", "ru", "kk"}

// msg marks an English text as a translation key where it is not passed to
// lang.L directly (tables of labels). The translations test finds every
// lang.L, T and msg call with a literal in this package and checks each language has it.
func msg(s string) string { return s }

// T translates an English text (the key) into the interface language, filling
// {{.Name}} fields from data.
func T(key string, data ...map[string]any) string {
	if len(data) > 0 {
		return lang.L(key, data[0])
	}
	return lang.L(key)
}

// SetLanguage loads the translations and makes code ("en", "ru", "kk") the
// interface language; "" follows the system. It can be called again (the
// settings screen does, and tests switch languages with it).
func SetLanguage(code string) {
	if code != "" {
		sys := lang.SystemLocale()
		// go-locale reads these on Linux and the BSDs: LANGUAGE wins unless
		// the locale is C, so set both for this process only.
		os.Setenv("LANGUAGE", code)
		os.Setenv("LC_ALL", code)
		if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
			// There the system API decides; give the system's own locale the
			// chosen translations.
			if b, err := assets.Translations.ReadFile("translations/" + code + ".json"); err == nil &&
				!strings.HasPrefix(sys.LanguageString(), code) {
				_ = lang.AddTranslationsForLocale(b, sys)
			}
		}
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
}

// Language is the language code of the interface now ("en", "ru", "kk"): the
// one date and money formats follow.
func Language() string {
	l := strings.ToLower(string(lang.SystemLocale()))
	if v := os.Getenv("LANGUAGE"); v != "" {
		l = strings.ToLower(v)
	}
	for _, c := range []string{"ru", "kk"} {
		if strings.HasPrefix(l, c) {
			return c
		}
	}
	return "en"
}

var statusText = map[data.Status]string{
	data.StatusIntake:         msg("Intake"),
	data.StatusDocuments:      msg("Collecting documents"),
	data.StatusReview:         msg("Review"),
	data.StatusApproved:       msg("Approved"),
	data.StatusFundraising:    msg("Fundraising"),
	data.StatusFunded:         msg("Funded"),
	data.StatusTreatment:      msg("Treatment"),
	data.StatusRehabilitation: msg("Rehabilitation"),
	data.StatusClosed:         msg("Closed"),
	data.StatusDeclined:       msg("Declined"),
	data.StatusOnHold:         msg("On hold"),
}

// StatusLabel is a status in the interface language.
func StatusLabel(s data.Status) string { return label(statusText, s) }

// label is a value of a closed vocabulary in the interface language.
func label[V ~string](texts map[V]string, v V) string {
	if t, ok := texts[v]; ok {
		return lang.L(t)
	}
	return string(v)
}

// choices lists values and their labels for a select, in the given order.
func choices[V ~string](all []V, texts map[V]string) (values, labels []string) {
	for _, v := range all {
		values = append(values, string(v))
		labels = append(labels, label(texts, v))
	}
	return values, labels
}

var outcomeText = map[data.Outcome]string{
	data.OutcomeTreated: msg("treated"), data.OutcomeTransferred: msg("transferred to another program"),
	data.OutcomeWithdrawn: msg("withdrawn by the family"), data.OutcomeDeceased: msg("deceased"),
}

var sexText = map[data.Sex]string{data.SexFemale: msg("girl"), data.SexMale: msg("boy")}

var urgencyText = map[data.Urgency]string{
	data.UrgencyNormal: msg("normal"), data.UrgencyUrgent: msg("urgent"), data.UrgencyCritical: msg("critical"),
}

var relationText = map[data.Relation]string{
	data.RelationMother: msg("mother"), data.RelationFather: msg("father"), data.RelationGrandmother: msg("grandmother"),
	data.RelationGrandfather: msg("grandfather"), data.RelationAunt: msg("aunt"), data.RelationUncle: msg("uncle"),
	data.RelationSibling: msg("brother or sister"), data.RelationGuardian: msg("legal guardian"), data.RelationOther: msg("other relative"),
}

var languageText = map[data.Language]string{
	data.LangKazakh: msg("Kazakh"), data.LangRussian: msg("Russian"), data.LangEnglish: msg("English"), data.LangUzbek: msg("Uzbek"),
}

var consentText = map[data.ConsentKind]string{
	data.ConsentData: msg("Processing of personal and medical data"), data.ConsentClinics: msg("Sharing with clinics"),
	data.ConsentPublishStory: msg("Publishing the story"), data.ConsentPublishPhoto: msg("Publishing the photo"),
	data.ConsentPublishName: msg("Publishing the full name"),
}

var eventText = map[data.EventKind]string{
	data.EventAppeal: msg("Appeal"), data.EventConsultation: msg("Consultation"), data.EventDiagnosis: msg("Diagnosis"),
	data.EventApproved: msg("Approved by the foundation"), data.EventHospitalization: msg("Hospitalization"),
	data.EventSurgery: msg("Surgery"), data.EventTransplant: msg("Transplant"), data.EventDischarge: msg("Discharge"),
	data.EventRehabilitation: msg("Rehabilitation step"), data.EventFollowUp: msg("Follow-up"),
	data.EventOutcome: msg("Outcome"), data.EventNote: msg("Note"),
}

var documentKindText = map[data.DocumentKind]string{
	data.DocMedicalConclusion: msg("Medical conclusion"), data.DocDischargeSummary: msg("Discharge summary"),
	data.DocTestResult: msg("Test result"), data.DocQuote: msg("Clinic quote"), data.DocInvoice: msg("Invoice"),
	data.DocConsentForm: msg("Consent form"), data.DocIdentity: msg("Identity document"), data.DocPhoto: msg("Photo"),
	data.DocLetter: msg("Letter"), data.DocOther: msg("Other document"),
}

var methodText = map[data.Method]string{
	data.MethodBank: msg("bank transfer"), data.MethodCard: msg("card"), data.MethodCash: msg("cash"),
	data.MethodKaspi: msg("Kaspi"), data.MethodInKind: msg("in kind"), data.MethodOther: msg("other method"),
}

var donorKindText = map[data.DonorKind]string{data.DonorPerson: msg("person"), data.DonorOrganization: msg("organisation")}

// OutcomeLabel and the functions below name vocabulary values in the interface language.
func OutcomeLabel(v data.Outcome) string { return label(outcomeText, v) }

// SexLabel names a sex.
func SexLabel(v data.Sex) string { return label(sexText, v) }

// UrgencyLabel names an urgency.
func UrgencyLabel(v data.Urgency) string { return label(urgencyText, v) }

// RelationLabel names a guardian's relation.
func RelationLabel(v data.Relation) string { return label(relationText, v) }

// LanguageName names a language.
func LanguageName(v data.Language) string { return label(languageText, v) }

// ConsentLabel names a consent kind.
func ConsentLabel(v data.ConsentKind) string { return label(consentText, v) }

// EventLabel names a journey event kind.
func EventLabel(v data.EventKind) string { return label(eventText, v) }

// DocumentKindLabel names a document kind.
func DocumentKindLabel(v data.DocumentKind) string { return label(documentKindText, v) }

// MethodLabel names a donation method.
func MethodLabel(v data.Method) string { return label(methodText, v) }
