package casefile

import "github.com/mla-dev/mla/internal/localized"

// Case is a case file, format version 1. The JSON Schema in
// schemas/case.schema.json is the normative description of every field; this
// struct mirrors it for the composer. Field names are the JSON keys.
type Case struct {
	Schema              string     `json:"$schema,omitempty"`
	Version             int        `json:"version"`
	RequestedState      string     `json:"requested_state"`
	Reference           string     `json:"reference"`
	Date                string     `json:"date"`
	Classification      string     `json:"classification,omitempty"`
	Urgency             Urgency    `json:"urgency"`
	RequestingAuthority Authority  `json:"requesting_authority"`
	Matter              Matter     `json:"case"`
	Persons             []Person   `json:"persons"`
	Assistance          []Assist   `json:"assistance"`
	Assets              []Asset    `json:"assets,omitempty"`
	Evidence            []Evidence `json:"evidence"`
	Assurances          Assurances `json:"assurances"`
	Contact             Contact    `json:"contact"`
	Signatory           Signatory  `json:"signatory"`
	Annexes             []Annex    `json:"annexes,omitempty"`
	// Translation is the language of the translation ("en", "fr"); empty
	// means the requested state's first language.
	Translation   string         `json:"translation,omitempty"`
	PriorContact  *PriorContact  `json:"prior_contact,omitempty"`
	AssetRecovery *AssetRecovery `json:"asset_recovery,omitempty"`
	Notes         *Text          `json:"notes,omitempty"`
	// Transmittal is the liaison authority's covering letter's own
	// reference and date, when the officer has them.
	Transmittal *Transmittal `json:"transmittal,omitempty"`
	Raw         interface{}  `json:"-"`
}

// Text is a localized text: the Chinese original and its translations,
// keyed by language tag.
type Text = localized.Text

// Urgency says how soon the request should be executed and why.
type Urgency struct {
	Level     string `json:"level"` // "normal" | "urgent"
	ExecuteBy string `json:"execute_by,omitempty"`
	Reason    *Text  `json:"reason,omitempty"`
	// LimitationDate is a limitation date that makes the request urgent.
	LimitationDate string `json:"limitation_date,omitempty"`
}

// Authority is the case-handling organ making the request (办案机关) and the
// competent authority (主管机关) that reviews it.
type Authority struct {
	Name               Text      `json:"name"`
	Address            Text      `json:"address"`
	CompetentAuthority Text      `json:"competent_authority"`
	Approval           *Approval `json:"approval,omitempty"`
	Phone              string    `json:"phone,omitempty"`
	Email              string    `json:"email,omitempty"`
}

// Approval is the competent authority's approval of the request (ICJAL
// art. 9): its reference and date.
type Approval struct {
	Reference string `json:"reference,omitempty"`
	Date      string `json:"date,omitempty"`
}

// Matter is the criminal matter: title, stage, facts, offences.
type Matter struct {
	Title     Text      `json:"title"`
	Stage     string    `json:"stage"` // investigation | prosecution | trial | enforcement
	Summary   *Text     `json:"summary,omitempty"`
	Facts     Text      `json:"facts"`
	Offences  []Offence `json:"offences"`
	Procedure *Text     `json:"procedure,omitempty"` // procedural history: when the case was opened, measures taken
	Period    *Period   `json:"period,omitempty"`    // when the offences were committed
	Opened    string    `json:"opened,omitempty"`    // date the case was opened (立案)
	// DualCriminality is the requesting side's own argument that the
	// conduct is criminal in both states.
	DualCriminality *Text `json:"dual_criminality,omitempty"`
}

// Period is a closed date range.
type Period struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

// Offence is an offence the case is about, cited by catalogue id
// (for example "CN-CL-382"), with the conduct that falls under it.
type Offence struct {
	ID      string   `json:"id"`
	Persons []string `json:"persons,omitempty"`
	Conduct *Text    `json:"conduct,omitempty"`
	Amount  *Money   `json:"amount,omitempty"`
}

// Money is an amount in an ISO 4217 currency.
type Money struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// Person is anyone the request concerns.
type Person struct {
	ID            string       `json:"id"`
	Role          string       `json:"role"` // suspect | accused | witness | account_holder | victim | other
	Name          Text         `json:"name"`
	OtherNames    []string     `json:"other_names,omitempty"`
	Sex           string       `json:"sex,omitempty"` // male | female | unknown
	DateOfBirth   string       `json:"date_of_birth,omitempty"`
	PlaceOfBirth  *Text        `json:"place_of_birth,omitempty"`
	Nationalities []string     `json:"nationalities,omitempty"`
	Documents     []IDDocument `json:"id_documents,omitempty"`
	Addresses     []Address    `json:"addresses,omitempty"`
	Occupation    *Text        `json:"occupation,omitempty"`
	// Official is the kind of official the person was (judicial_officer,
	// legislator, minister, law_enforcement, public_official,
	// foreign_public_official, none), or "".
	Official    string `json:"official,omitempty"`
	Description *Text  `json:"description,omitempty"`
}

// IDDocument is a passport, identity card or similar.
type IDDocument struct {
	Type    string `json:"type"` // passport | national_id | residence_permit | other
	Number  string `json:"number"`
	Country string `json:"country"`
}

// Address is a postal address with its country.
type Address struct {
	Address Text   `json:"address"`
	Country string `json:"country"`
	Current bool   `json:"current,omitempty"`
	Region  string `json:"region,omitempty"` // ISO 3166-2 code (AU-NSW), or ""
}

// Assist is one item of assistance requested. Type-specific fields are
// optional here; the schema says which each type requires.
type Assist struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Description Text     `json:"description"`
	Purpose     Text     `json:"purpose"`
	Link        Text     `json:"link"`
	Persons     []string `json:"persons,omitempty"`
	Assets      []string `json:"assets,omitempty"`
	Evidence    []string `json:"evidence,omitempty"`
	Procedure   *Text    `json:"procedure,omitempty"`

	// records
	Institution *Text    `json:"institution,omitempty"`
	Address     *Text    `json:"address,omitempty"`
	Accounts    []string `json:"accounts,omitempty"`
	Period      *Period  `json:"period,omitempty"`
	RecordTypes []Text   `json:"record_types,omitempty"`
	Certify     bool     `json:"certification,omitempty"`

	// testimony
	Questions []Text `json:"questions,omitempty"`
	UnderOath bool   `json:"under_oath,omitempty"`
	VideoLink bool   `json:"video_link,omitempty"`
	Presence  bool   `json:"officials_present,omitempty"`
	// Protection and Allowances are the measures that protect a witness
	// heard by video link and the allowances paid to the witness (ICJAL
	// art. 32(4), (5)); Rights holds the witness's rights and obligations
	// (art. 32(3)).
	Protection *Text `json:"protection,omitempty"`
	Allowances *Text `json:"allowances,omitempty"`

	// service_of_documents
	Documents []Text `json:"documents,omitempty"`
	Rights    *Text  `json:"rights_and_obligations,omitempty"`

	// search_seizure
	Place *Text  `json:"place,omitempty"`
	Items []Text `json:"items,omitempty"`

	// confiscate_return: the confiscation order; freeze_seize: a court's
	// order of freezing or restraint, when there is one.
	Order *Order `json:"order,omitempty"`
	// ConfiscationApplication is an application for the confiscation of
	// illegal gains pending before a court (违法所得没收程序).
	ConfiscationApplication *Application `json:"confiscation_application,omitempty"`
	// GroundsDate is the date of the most recent fact of the grounds of a
	// search: grounds must be current.
	GroundsDate string `json:"grounds_date,omitempty"`

	// Grounds are the facts that justify a coercive measure (probable
	// cause, reasonable grounds) or, for confiscate_return, confiscation.
	Grounds *Text `json:"grounds,omitempty"`
	// freeze_seize and confiscate_return (ICJAL arts. 40, 48)
	LegalProvisions *Text    `json:"legal_provisions,omitempty"`
	LegalDocuments  []string `json:"legal_documents,omitempty"` // evidence ids
	ThirdParties    *Text    `json:"third_parties,omitempty"`
	Extent          *Text    `json:"extent,omitempty"`

	// stored_communications: the content of communications is sought
	Content bool `json:"content,omitempty"`
}

// Order is a court order on which a confiscation request, or a request to
// freeze or restrain, rests.
type Order struct {
	Court  Text   `json:"court"`
	Date   string `json:"date"`
	Number string `json:"number,omitempty"`
	// Copy is the kind of copy sent: sealed, authenticated or plain ("" when
	// the case does not say).
	Copy  string `json:"copy,omitempty"`
	Final bool   `json:"final"`
}

// Application is an application pending before a court.
type Application struct {
	Court     Text   `json:"court"`
	Date      string `json:"date"`
	Reference string `json:"reference,omitempty"`
}

// Asset is property that is traced, frozen, seized or confiscated.
type Asset struct {
	ID          string `json:"id"`
	Type        string `json:"type"` // real_property | bank_account | securities | vehicle | company_interest | cash | other
	Description Text   `json:"description"`
	Location    Text   `json:"location"`
	Country     string `json:"country"`
	Region      string `json:"region,omitempty"` // ISO 3166-2 code (AU-NSW), or ""
	Holder      *Text  `json:"holder,omitempty"`
	Owner       string `json:"owner,omitempty"` // person id
	Institution *Text  `json:"institution,omitempty"`
	Account     string `json:"account,omitempty"`
	Value       *Money `json:"value,omitempty"`
	Acquired    string `json:"acquired,omitempty"`
	Link        Text   `json:"link"` // how the asset is traced to the offence
	// ProofOfTitle says who owns or controls the property and what shows it.
	ProofOfTitle *Text    `json:"proof_of_title,omitempty"`
	Evidence     []string `json:"evidence,omitempty"`
}

// Evidence is one item of the evidence list.
type Evidence struct {
	ID          string `json:"id"`
	Title       Text   `json:"title"`
	Kind        string `json:"kind"`
	Date        string `json:"date,omitempty"`
	Source      *Text  `json:"source,omitempty"`
	Pages       int    `json:"pages,omitempty"`
	Description *Text  `json:"description,omitempty"`
	Original    bool   `json:"original,omitempty"`
	// Translations, Certified, Authenticated, Form and ChainOfCustody say
	// what goes with the item; the state's evidence-list guidelines
	// (templates/<cc>/evidence-guide.json) check them.
	Translations   []string `json:"translations,omitempty"`
	Certified      bool     `json:"certified,omitempty"`
	Authenticated  bool     `json:"authenticated,omitempty"`
	Form           string   `json:"form,omitempty"` // interview_record | written_statement | affidavit
	ChainOfCustody bool     `json:"chain_of_custody,omitempty"`
	File           string   `json:"file,omitempty"`
	SHA256         string   `json:"sha256,omitempty"`
}

// Assurances are the undertakings the request gives.
type Assurances struct {
	Confidentiality bool  `json:"confidentiality"`
	Speciality      bool  `json:"speciality"`
	ReturnEvidence  bool  `json:"return_evidence,omitempty"`
	Costs           bool  `json:"costs,omitempty"`
	Reciprocity     bool  `json:"reciprocity,omitempty"`
	Other           *Text `json:"other,omitempty"`
	// ConfidentialityReasons say why confidentiality is asked (UNCAC art. 46(20)).
	ConfidentialityReasons *Text       `json:"confidentiality_reasons,omitempty"`
	Sentencing             *Sentencing `json:"sentencing,omitempty"`
}

// Sentencing is the commitment that the persons named will not be
// sentenced to death or, if sentenced, not executed (ICJAL art. 11).
type Sentencing struct {
	Persons []string `json:"persons"`
	GivenBy string   `json:"given_by,omitempty"` // foreign_affairs (default) | liaison_authority
	// Decision is the Supreme People's Court's decision the assurance
	// cites, once taken.
	Decision *Decision `json:"decision,omitempty"`
}

// Decision is a decision of a PRC authority: its reference and date.
type Decision struct {
	Reference string `json:"reference,omitempty"`
	Date      string `json:"date,omitempty"`
}

// PriorContact says whether authorities of the requested state already
// know of the investigation.
type PriorContact struct {
	Aware   bool  `json:"aware"`
	Details *Text `json:"details,omitempty"`
}

// AssetRecovery is the request for return of confiscated property and any
// proposal to share it (UNCAC art. 57; ICJAL art. 49).
type AssetRecovery struct {
	ReturnBasis Text     `json:"return_basis"`
	Sharing     *Sharing `json:"sharing,omitempty"`
}

// Sharing is a proposal to share confiscated property with the requested state.
type Sharing struct {
	Proposal       Text `json:"proposal"`
	DeductExpenses bool `json:"deduct_expenses,omitempty"`
}

// Contact is the officer the requested state can reach.
type Contact struct {
	Name      Text     `json:"name"`
	Title     *Text    `json:"title,omitempty"`
	Phone     string   `json:"phone"`
	Email     string   `json:"email,omitempty"`
	Languages []string `json:"languages,omitempty"`
}

// Signatory signs the request.
type Signatory struct {
	Name  Text `json:"name"`
	Title Text `json:"title"`
}

// Transmittal is the reference and date of the liaison authority's
// covering letter.
type Transmittal struct {
	Reference string `json:"reference,omitempty"`
	Date      string `json:"date,omitempty"`
}

// Annex is a document attached to the request besides the evidence list.
type Annex struct {
	Title Text `json:"title"`
	Pages int  `json:"pages,omitempty"`
	// Translation is the annex's translation (ICJAL art. 10(2)); nil when
	// the case does not say.
	Translation *AnnexTranslation `json:"translation,omitempty"`
}
