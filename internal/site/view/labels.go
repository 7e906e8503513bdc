package view

import (
	"time"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/signoff"
)

// labels are the words of a rendered page in one language.
type labels struct {
	Lang             string
	Title            string // "Personal development plan"
	Employee         string
	Manager          string
	Date             string
	Companion        string
	Agenda           string
	NextConversation string
	Goals            string
	NoGoals          string
	Goal             string
	Measure          string
	Action           string
	Timing           string
	Support          string
	Guide            string
	Budget           string
	FollowUp         string
	Evaluation       string
	OrgGoal          string
	DisputedGoals    string
	Status           string
	LatestUpdate     string
	Overdue          string
	OverdueHead      string
	UpcomingHead     string
	PeopleCount      string
	Upcoming         string
	Timeline         string
	Today            string
	SignOff          string
	Decision         string
	SignedBy         string
	When             string
	Key              string
	Commit           string
	Reason           string
	NotSigned        string
	Role             string // the header over Employee and Manager
	Progress         string
	ChangedWarning   string
	ChangedFields    string
	Uncommitted      string
	InvalidWarning   string
	UnknownState     string
	Conversation     string
	Talk             string
	Ongoing          string
	Index            string
	Team             string
	Person           string
	LatestPOP        string
	NextDate         string
	NoPOP            string
	Unreadable       string
	Generated        string
	AsOf             string
	Nothing          string
	Roles            map[signoff.Role]string
	States           map[signoff.State]string
	Decisions        map[signoff.Decision]string
	Statuses         map[string]string
	Measures         map[string]string
	Months           [12]string
}

var labelsNL = labels{
	Lang:             "nl",
	Title:            "Persoonlijk ontwikkelingsplan",
	Employee:         "Medewerker",
	Manager:          "Leidinggevende",
	Date:             "Datum van het gesprek",
	Companion:        "Vertrouwenspersoon",
	Agenda:           "Agenda",
	NextConversation: "Volgend gesprek",
	Goals:            "Afspraken",
	NoGoals:          "Er zijn nog geen doelen afgesproken.",
	Goal:             "Doelstelling",
	Measure:          "VTO(C)-maatregel",
	Action:           "Actie",
	Timing:           "Timing",
	Support:          "Nodige ondersteuning",
	Guide:            "Begeleiding",
	Budget:           "Budget",
	FollowUp:         "Opvolging",
	Evaluation:       "Evaluatie",
	OrgGoal:          "Organisatiedoel",
	DisputedGoals:    "Over de doelen",
	Status:           "Status",
	LatestUpdate:     "Laatste stand",
	Overdue:          "achterstallig",
	OverdueHead:      "Achterstallig",
	UpcomingHead:     "Binnenkort",
	PeopleCount:      "mensen",
	Upcoming:         "binnenkort",
	Timeline:         "Tijdlijn",
	Today:            "vandaag",
	SignOff:          "Ondertekening",
	Decision:         "Beslissing",
	SignedBy:         "Ondertekend door",
	When:             "Wanneer",
	Key:              "Sleutel",
	Commit:           "Commit",
	Reason:           "Reden",
	NotSigned:        "nog niet ondertekend",
	Role:             "Rol",
	Progress:         "Sindsdien is alleen de voortgang bijgewerkt.",
	ChangedWarning:   "Let op: de afspraken zijn gewijzigd nadat ze ondertekend werden. De handtekeningen gelden niet voor deze versie.",
	ChangedFields:    "Gewijzigd",
	Uncommitted:      "Let op: dit bestand verschilt in de afspraken van de versie in git. De ondertekening hierboven geldt voor de versie in git.",
	InvalidWarning:   "Let op: er zijn ondertekeningen die niet gelden.",
	UnknownState:     "De ondertekening kon niet nagekeken worden.",
	Conversation:     "Verslag van het gesprek",
	Talk:             "gesprek",
	Ongoing:          "doorlopend",
	Index:            "Overzicht",
	Team:             "Overzicht van het team",
	Person:           "Medewerker",
	LatestPOP:        "Laatste POP",
	NextDate:         "Volgende datum",
	NoPOP:            "nog geen POP",
	Unreadable:       "kan niet gelezen worden; voer pop check uit",
	Generated:        "Gemaakt met pop render",
	AsOf:             "stand op",
	Nothing:          "—",
	Roles: map[signoff.Role]string{
		signoff.RoleEmployee: "Medewerker",
		signoff.RoleManager:  "Leidinggevende",
	},
	States: map[signoff.State]string{
		signoff.Unsigned:       "niet ondertekend",
		signoff.EmployeeSigned: "ondertekend door de medewerker",
		signoff.ManagerSigned:  "ondertekend door de leidinggevende",
		signoff.Agreed:         "voor akkoord ondertekend",
		signoff.Seen:           "voor gezien ondertekend",
		signoff.Disagreed:      "niet akkoord",
		signoff.Changed:        "gewijzigd na ondertekening",
		signoff.Invalid:        "ongeldige ondertekening",
		"":                     "niet nagekeken",
	},
	Decisions: map[signoff.Decision]string{
		signoff.DecisionAgreed:    "voor akkoord",
		signoff.DecisionSeen:      "voor gezien",
		signoff.DecisionDisagreed: "niet akkoord",
	},
	Statuses: map[string]string{
		"planned": "gepland", "in-progress": "bezig", "blocked": "vastgelopen", "done": "afgerond", "dropped": "geschrapt", "": "gepland",
	},
	Measures: map[string]string{
		"vorming": "vorming", "training": "training", "opleiding": "opleiding", "coaching": "coaching", "other": "andere",
	},
	Months: [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
}

var labelsEN = labels{
	Lang:             "en",
	Title:            "Personal development plan",
	Employee:         "Employee",
	Manager:          "Manager",
	Date:             "Date of the conversation",
	Companion:        "Trusted companion",
	Agenda:           "Agenda",
	NextConversation: "Next conversation",
	Goals:            "Agreements",
	NoGoals:          "No goals have been agreed yet.",
	Goal:             "Goal",
	Measure:          "VTO(C) measure",
	Action:           "Action",
	Timing:           "Timing",
	Support:          "Support needed",
	Guide:            "Guide",
	Budget:           "Budget",
	FollowUp:         "Follow-up",
	Evaluation:       "Evaluation",
	OrgGoal:          "Organisation goal",
	DisputedGoals:    "About the goals",
	Status:           "Status",
	LatestUpdate:     "Latest update",
	Overdue:          "overdue",
	OverdueHead:      "Overdue",
	UpcomingHead:     "Coming up",
	PeopleCount:      "people",
	Upcoming:         "coming up",
	Timeline:         "Timeline",
	Today:            "today",
	SignOff:          "Sign-off",
	Decision:         "Decision",
	SignedBy:         "Signed by",
	When:             "When",
	Key:              "Key",
	Commit:           "Commit",
	Reason:           "Reason",
	NotSigned:        "not signed yet",
	Role:             "Role",
	Progress:         "Only the progress was updated since.",
	ChangedWarning:   "Warning: the agreements changed after they were signed. The signatures do not cover this version.",
	ChangedFields:    "Changed",
	Uncommitted:      "Warning: the agreements in this file differ from its committed version. The sign-off above is that of the committed version.",
	InvalidWarning:   "Warning: some sign-offs do not count.",
	UnknownState:     "The sign-off could not be checked.",
	Conversation:     "Notes of the conversation",
	Talk:             "conversation",
	Ongoing:          "ongoing",
	Index:            "Overview",
	Team:             "Team overview",
	Person:           "Employee",
	LatestPOP:        "Latest POP",
	NextDate:         "Next date",
	NoPOP:            "no POP yet",
	Unreadable:       "cannot be read; run pop check",
	Generated:        "Made with pop render",
	AsOf:             "as of",
	Nothing:          "—",
	Roles: map[signoff.Role]string{
		signoff.RoleEmployee: "Employee",
		signoff.RoleManager:  "Manager",
	},
	States: map[signoff.State]string{
		signoff.Unsigned:       "not signed",
		signoff.EmployeeSigned: "signed by the employee",
		signoff.ManagerSigned:  "signed by the manager",
		signoff.Agreed:         "agreed by both",
		signoff.Seen:           "signed as seen",
		signoff.Disagreed:      "disagreed",
		signoff.Changed:        "changed after sign-off",
		signoff.Invalid:        "invalid sign-off",
		"":                     "not checked",
	},
	Decisions: map[signoff.Decision]string{
		signoff.DecisionAgreed:    "agreed",
		signoff.DecisionSeen:      "seen",
		signoff.DecisionDisagreed: "disagreed",
	},
	Statuses: map[string]string{
		"planned": "planned", "in-progress": "in progress", "blocked": "blocked", "done": "done", "dropped": "dropped", "": "planned",
	},
	Measures: map[string]string{
		"vorming": "vorming (formation)", "training": "training", "opleiding": "opleiding (education)", "coaching": "coaching", "other": "other",
	},
	Months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// labelsFor returns the labels of lang, Dutch unless "en".
func labelsFor(lang string) *labels {
	if lang == "en" {
		return &labelsEN
	}
	return &labelsNL
}

// longDate writes a date the way people read it: "20 november 2026" or
// "20 November 2026".
func (l *labels) longDate(d pop.Date) string {
	if d.IsZero() {
		return ""
	}
	return itoa(d.Day()) + " " + l.Months[d.Month()-time.January] + " " + itoa(d.Year())
}

// status names a goal status, or gives the status as written when unknown.
func (l *labels) status(s string) string {
	if t, ok := l.Statuses[s]; ok {
		return t
	}
	return s
}

// measure names a measure, or gives it as written when unknown.
func (l *labels) measure(s string) string {
	if t, ok := l.Measures[s]; ok {
		return t
	}
	return s
}

// state names a sign-off state.
func (l *labels) state(s signoff.State) string {
	if t, ok := l.States[s]; ok {
		return t
	}
	return string(s)
}

// decision names a decision.
func (l *labels) decision(d signoff.Decision) string {
	if t, ok := l.Decisions[d]; ok {
		return t
	}
	return string(d)
}
