package data

// The closed vocabularies of docs/domain.md. Each type has an All… list, in the
// order the UI offers them.

// Status is where a case stands in the workflow.
type Status string

// Case statuses, in workflow order, then the two side states.
const (
	StatusIntake         Status = "intake"
	StatusDocuments      Status = "documents"
	StatusReview         Status = "review"
	StatusApproved       Status = "approved"
	StatusFundraising    Status = "fundraising"
	StatusFunded         Status = "funded"
	StatusTreatment      Status = "treatment"
	StatusRehabilitation Status = "rehabilitation"
	StatusClosed         Status = "closed"
	StatusDeclined       Status = "declined"
	StatusOnHold         Status = "on_hold"
)

// AllStatuses lists every status.
var AllStatuses = []Status{StatusIntake, StatusDocuments, StatusReview, StatusApproved,
	StatusFundraising, StatusFunded, StatusTreatment, StatusRehabilitation, StatusClosed,
	StatusDeclined, StatusOnHold}

// Outcome is how a closed case ended.
type Outcome string

// Outcomes of a closed case.
const (
	OutcomeTreated     Outcome = "treated"
	OutcomeTransferred Outcome = "transferred"
	OutcomeWithdrawn   Outcome = "withdrawn"
	OutcomeDeceased    Outcome = "deceased"
)

// AllOutcomes lists every outcome.
var AllOutcomes = []Outcome{OutcomeTreated, OutcomeTransferred, OutcomeWithdrawn, OutcomeDeceased}

// Sex of a child.
type Sex string

// Sexes.
const (
	SexFemale Sex = "f"
	SexMale   Sex = "m"
)

// AllSexes lists the sexes.
var AllSexes = []Sex{SexFemale, SexMale}

// Urgency of a case.
type Urgency string

// Urgencies.
const (
	UrgencyNormal   Urgency = "normal"
	UrgencyUrgent   Urgency = "urgent"
	UrgencyCritical Urgency = "critical"
)

// AllUrgencies lists the urgencies.
var AllUrgencies = []Urgency{UrgencyNormal, UrgencyUrgent, UrgencyCritical}

// Relation of a guardian to the child.
type Relation string

// Relations.
const (
	RelationMother      Relation = "mother"
	RelationFather      Relation = "father"
	RelationGrandmother Relation = "grandmother"
	RelationGrandfather Relation = "grandfather"
	RelationAunt        Relation = "aunt"
	RelationUncle       Relation = "uncle"
	RelationSibling     Relation = "sibling"
	RelationGuardian    Relation = "guardian"
	RelationOther       Relation = "other"
)

// AllRelations lists the relations.
var AllRelations = []Relation{RelationMother, RelationFather, RelationGrandmother,
	RelationGrandfather, RelationAunt, RelationUncle, RelationSibling, RelationGuardian, RelationOther}

// Language is a language people read: the interface, a donor's or guardian's
// preference, a letter or report.
type Language string

// Languages.
const (
	LangEnglish Language = "en"
	LangRussian Language = "ru"
	LangKazakh  Language = "kk"
	LangUzbek   Language = "uz"
)

// AllLanguages lists the languages people may prefer.
var AllLanguages = []Language{LangKazakh, LangRussian, LangEnglish, LangUzbek}

// ConsentKind is what a guardian consented to.
type ConsentKind string

// Consent kinds.
const (
	ConsentData         ConsentKind = "data"
	ConsentClinics      ConsentKind = "clinics"
	ConsentPublishStory ConsentKind = "publish_story"
	ConsentPublishPhoto ConsentKind = "publish_photo"
	ConsentPublishName  ConsentKind = "publish_name"
)

// AllConsentKinds lists the consent kinds.
var AllConsentKinds = []ConsentKind{ConsentData, ConsentClinics, ConsentPublishStory,
	ConsentPublishPhoto, ConsentPublishName}

// DocumentKind is what a document is.
type DocumentKind string

// Document kinds.
const (
	DocMedicalConclusion DocumentKind = "medical_conclusion"
	DocDischargeSummary  DocumentKind = "discharge_summary"
	DocTestResult        DocumentKind = "test_result"
	DocQuote             DocumentKind = "quote"
	DocInvoice           DocumentKind = "invoice"
	DocConsentForm       DocumentKind = "consent_form"
	DocIdentity          DocumentKind = "identity"
	DocPhoto             DocumentKind = "photo"
	DocLetter            DocumentKind = "letter"
	DocOther             DocumentKind = "other"
)

// AllDocumentKinds lists the document kinds.
var AllDocumentKinds = []DocumentKind{DocMedicalConclusion, DocDischargeSummary, DocTestResult,
	DocQuote, DocInvoice, DocConsentForm, DocIdentity, DocPhoto, DocLetter, DocOther}

// EventKind is the kind of a journey event.
type EventKind string

// Journey event kinds.
const (
	EventAppeal          EventKind = "appeal"
	EventConsultation    EventKind = "consultation"
	EventDiagnosis       EventKind = "diagnosis"
	EventApproved        EventKind = "approved"
	EventHospitalization EventKind = "hospitalization"
	EventSurgery         EventKind = "surgery"
	EventTransplant      EventKind = "transplant"
	EventDischarge       EventKind = "discharge"
	EventRehabilitation  EventKind = "rehabilitation"
	EventFollowUp        EventKind = "follow_up"
	EventOutcome         EventKind = "outcome"
	EventNote            EventKind = "note"
)

// AllEventKinds lists the journey event kinds.
var AllEventKinds = []EventKind{EventAppeal, EventConsultation, EventDiagnosis, EventApproved,
	EventHospitalization, EventSurgery, EventTransplant, EventDischarge, EventRehabilitation,
	EventFollowUp, EventOutcome, EventNote}

// EstimateStatus is where a clinic quote stands.
type EstimateStatus string

// Estimate statuses.
const (
	EstimateDraft      EstimateStatus = "draft"
	EstimateAccepted   EstimateStatus = "accepted"
	EstimateSuperseded EstimateStatus = "superseded"
	EstimateRejected   EstimateStatus = "rejected"
)

// AllEstimateStatuses lists the estimate statuses.
var AllEstimateStatuses = []EstimateStatus{EstimateDraft, EstimateAccepted, EstimateSuperseded, EstimateRejected}

// DonorKind tells a person from an organisation.
type DonorKind string

// Donor kinds.
const (
	DonorPerson       DonorKind = "person"
	DonorOrganization DonorKind = "organization"
)

// AllDonorKinds lists the donor kinds.
var AllDonorKinds = []DonorKind{DonorPerson, DonorOrganization}

// Method is how a donation arrived.
type Method string

// Donation methods.
const (
	MethodBank   Method = "bank"
	MethodCard   Method = "card"
	MethodCash   Method = "cash"
	MethodKaspi  Method = "kaspi"
	MethodInKind Method = "in_kind"
	MethodOther  Method = "other"
)

// AllMethods lists the donation methods.
var AllMethods = []Method{MethodBank, MethodCard, MethodCash, MethodKaspi, MethodInKind, MethodOther}

// TemplateKind is what a letter template is for.
type TemplateKind string

// Template kinds.
const (
	TemplateDonationThanks TemplateKind = "donation_thanks"
	TemplateOutcomeThanks  TemplateKind = "outcome_thanks"
	TemplateReceipt        TemplateKind = "receipt"
)

// AllTemplateKinds lists the template kinds.
var AllTemplateKinds = []TemplateKind{TemplateDonationThanks, TemplateOutcomeThanks, TemplateReceipt}

// LetterStatus is where a generated letter stands.
type LetterStatus string

// Letter statuses.
const (
	LetterDraft   LetterStatus = "draft"
	LetterPrinted LetterStatus = "printed"
	LetterSent    LetterStatus = "sent"
)

// AllLetterStatuses lists the letter statuses.
var AllLetterStatuses = []LetterStatus{LetterDraft, LetterPrinted, LetterSent}
