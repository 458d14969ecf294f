// Package vocab holds the English labels of Carebook's closed vocabularies
// (statuses, kinds, relations…) and reads the translation files in assets,
// for the interface and the reports alike. It does not import Fyne.
package vocab

import (
	"encoding/json"
	"sync"

	"carebook/assets"
	"carebook/data"
)

// msg marks an English text as a translation key (the translations test
// finds every msg call).
func msg(s string) string { return s }

// StatusText names each value in English (the translation key).
var StatusText = map[data.Status]string{
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

// OutcomeText names each value in English (the translation key).
var OutcomeText = map[data.Outcome]string{
	data.OutcomeTreated: msg("treated"), data.OutcomeTransferred: msg("transferred to another program"),
	data.OutcomeWithdrawn: msg("withdrawn by the family"), data.OutcomeDeceased: msg("deceased"),
}

// SexText names each value in English (the translation key).
var SexText = map[data.Sex]string{data.SexFemale: msg("girl"), data.SexMale: msg("boy")}

// UrgencyText names each value in English (the translation key).
var UrgencyText = map[data.Urgency]string{
	data.UrgencyNormal: msg("normal"), data.UrgencyUrgent: msg("urgent"), data.UrgencyCritical: msg("critical"),
}

// RelationText names each value in English (the translation key).
var RelationText = map[data.Relation]string{
	data.RelationMother: msg("mother"), data.RelationFather: msg("father"), data.RelationGrandmother: msg("grandmother"),
	data.RelationGrandfather: msg("grandfather"), data.RelationAunt: msg("aunt"), data.RelationUncle: msg("uncle"),
	data.RelationSibling: msg("brother or sister"), data.RelationGuardian: msg("legal guardian"), data.RelationOther: msg("other relative"),
}

// LanguageText names each value in English (the translation key).
var LanguageText = map[data.Language]string{
	data.LangKazakh: msg("Kazakh"), data.LangRussian: msg("Russian"), data.LangEnglish: msg("English"), data.LangUzbek: msg("Uzbek"),
}

// ConsentText names each value in English (the translation key).
var ConsentText = map[data.ConsentKind]string{
	data.ConsentData: msg("Processing of personal and medical data"), data.ConsentClinics: msg("Sharing with clinics"),
	data.ConsentPublishStory: msg("Publishing the story"), data.ConsentPublishPhoto: msg("Publishing the photo"),
	data.ConsentPublishName: msg("Publishing the full name"),
}

// EventText names each value in English (the translation key).
var EventText = map[data.EventKind]string{
	data.EventAppeal: msg("Appeal"), data.EventConsultation: msg("Consultation"), data.EventDiagnosis: msg("Diagnosis"),
	data.EventApproved: msg("Approved by the foundation"), data.EventHospitalization: msg("Hospitalization"),
	data.EventSurgery: msg("Surgery"), data.EventTransplant: msg("Transplant"), data.EventDischarge: msg("Discharge"),
	data.EventRehabilitation: msg("Rehabilitation step"), data.EventFollowUp: msg("Follow-up"),
	data.EventOutcome: msg("Outcome"), data.EventNote: msg("Note"),
}

// DocumentKindText names each value in English (the translation key).
var DocumentKindText = map[data.DocumentKind]string{
	data.DocMedicalConclusion: msg("Medical conclusion"), data.DocDischargeSummary: msg("Discharge summary"),
	data.DocTestResult: msg("Test result"), data.DocQuote: msg("Clinic quote"), data.DocInvoice: msg("Invoice"),
	data.DocConsentForm: msg("Consent form"), data.DocIdentity: msg("Identity document"), data.DocPhoto: msg("Photo"),
	data.DocLetter: msg("Letter"), data.DocOther: msg("Other document"),
}

// MethodText names each value in English (the translation key).
var MethodText = map[data.Method]string{
	data.MethodBank: msg("bank transfer"), data.MethodCard: msg("card"), data.MethodCash: msg("cash"),
	data.MethodKaspi: msg("Kaspi"), data.MethodInKind: msg("in kind"), data.MethodOther: msg("other method"),
}

// DonorKindText names each value in English (the translation key).
var DonorKindText = map[data.DonorKind]string{data.DonorPerson: msg("person"), data.DonorOrganization: msg("organisation")}

// EstimateStatusText names each value in English (the translation key).
var EstimateStatusText = map[data.EstimateStatus]string{
	data.EstimateDraft: msg("draft"), data.EstimateAccepted: msg("accepted"),
	data.EstimateSuperseded: msg("superseded by a newer version"), data.EstimateRejected: msg("rejected"),
}

// TemplateKindText names each kind of letter in English (the translation key).
var TemplateKindText = map[data.TemplateKind]string{
	data.TemplateDonationThanks: msg("Thanks for a donation"), data.TemplateOutcomeThanks: msg("Thanks after the treatment"),
	data.TemplateReceipt: msg("Receipt"),
}

var (
	mu     sync.Mutex
	tables = map[string]map[string]string{}
)

// Translator returns the lookup of one language's texts ("en", "ru", "kk"):
// a text without a translation comes back as it is.
func Translator(lang string) func(string) string {
	mu.Lock()
	defer mu.Unlock()
	t, ok := tables[lang]
	if !ok {
		t = map[string]string{}
		if b, err := assets.Translations.ReadFile("translations/" + lang + ".json"); err == nil {
			_ = json.Unmarshal(b, &t)
		}
		tables[lang] = t
	}
	return func(key string) string {
		if v, ok := t[key]; ok && v != "" {
			return v
		}
		return key
	}
}

// Label is a vocabulary value in English (the key), or the value itself.
func Label[V ~string](texts map[V]string, v V) string {
	if t, ok := texts[v]; ok {
		return t
	}
	return string(v)
}
