package pop

import "strconv"

// Kinds of document.
const (
	KindPOP  = "pop"
	KindPrep = "prep"
)

// ForManager is the value of a prep note's for: field when the manager,
// not the employee, prepares the conversation. Such a note is kept as
// YYYY-MM-DD-prep-manager.md beside the POP and is never signed.
const ForManager = "manager"

// SectionsPrepManager names the sections of the manager's preparation
// note for Sections and MatchSection; it is no kind of its own in the
// front matter, which says kind: prep and for: manager.
const SectionsPrepManager = "prep-manager"

// Measures are the VTO(C) kinds of agreement: vorming, training, opleiding,
// coaching, and anything else.
var Measures = []string{"vorming", "training", "opleiding", "coaching", "other"}

// Statuses a goal can be in.
var Statuses = []string{"planned", "in-progress", "blocked", "done", "dropped"}

// Pos is a 1-based line and column in a file, as an editor shows it.
type Pos struct {
	Line, Col int
}

// String formats the position as line:col.
func (p Pos) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) }

// Doc is one parsed POP or preparation note.
type Doc struct {
	Path string // as given to Parse, slash-separated when relative to the root
	Size int

	Version          int
	Kind             string
	Employee         string
	Manager          string
	Date             Date
	Companion        string
	For              string // prep notes: "" or "employee", or ForManager
	Agenda           []string
	NextConversation Date
	Goals            []Goal
	// Sealed names the format of a sealed file (SPEC §8), "" for a file
	// in clear; Shared lists whom a sealed prep note is shared with. A
	// sealed Doc holds only the clear fields: no goal texts, no body
	// sections.
	Sealed string
	Shared []string

	// HasFrontMatter is false when no front matter could be read; the
	// fields above are then unset.
	HasFrontMatter bool
	// FrontMatterEnd is the line of the closing delimiter.
	FrontMatterEnd int
	Body           []byte
	BodyLine       int // line of Body's first byte in the file
	Sections       []Section

	// Problems found while reading: bad YAML, unknown or repeated keys,
	// values of the wrong shape. A Doc with problems is still as complete
	// as the file allows.
	Problems []Problem

	yamlLine int        // line of the opening delimiter
	fields   []fieldPos // every field read, in the order of the file
}

// fieldPos says where a field's key and value are. A POP has a few dozen
// fields, so a list searched in order finds one about as fast as a map,
// at a fraction of the memory: over a team of 10,000 POPs, two maps per
// POP were most of what pop overdue kept.
type fieldPos struct {
	path       string // such as "goals[1].timing"
	key, value Pos
	hasValue   bool // false for a goal or an update as a whole
}

// field returns the positions of the field at path.
func (d *Doc) field(path string) (fieldPos, bool) {
	for _, f := range d.fields {
		if f.path == path {
			return f, true
		}
	}
	return fieldPos{}, false
}

// Goal is one agreement: what the employee wants to reach, and how, when
// and with whom.
type Goal struct {
	ID       string
	Goal     string
	Measure  string
	Action   string
	Timing   Timing
	Support  string
	Guide    string
	FollowUp FollowUp
	// Evaluation says how the follow-up happens ("a short evaluation
	// after three months"): free plan text, never in CI output.
	Evaluation string
	// OrgGoal is the id of an organisation goal of .pop.yaml's org_goals
	// that this goal serves; "" when none.
	OrgGoal string
	Budget  string
	Status  string
	Updates []Update
}

// Update is a dated note on a goal's progress.
type Update struct {
	Date Date
	Note string
}

// Open reports whether the goal is still being worked on.
func (g Goal) Open() bool { return g.Status != "done" && g.Status != "dropped" }

// Section is a level-two heading of the body with what follows it.
type Section struct {
	Title    string
	Pos      Pos
	Answered bool   // holds more than the template's guiding comments
	Text     []byte // the section's source, heading included
}

// Problem is something wrong in a file, found while reading it.
type Problem struct {
	Code    string // a rule id, see the Code constants
	Pos     Pos
	Field   string // field path, if any
	Message string
	Hint    string
}

// Codes of the problems Parse reports. They double as the rule ids of
// pop check, so they never change.
const (
	CodeTooLarge        = "file-too-large"
	CodeBOM             = "byte-order-mark"
	CodeInvalidUTF8     = "invalid-utf8"
	CodeControlChar     = "control-character"
	CodeNoFrontMatter   = "frontmatter-missing"
	CodeUnclosed        = "frontmatter-unclosed"
	CodeNotYAML         = "frontmatter-not-yaml"
	CodeYAMLSyntax      = "yaml-syntax"
	CodeDuplicateKey    = "duplicate-key"
	CodeUnknownKey      = "unknown-key"
	CodeFieldType       = "field-type"
	CodeBadDate         = "bad-date"
	CodeBadTiming       = "bad-timing"
	CodeBadFollowUp     = "bad-follow-up"
	CodeUnsupportedYAML = "yaml-alias"
	CodeVersion         = "pop-version"
	CodeTooDeep         = "markdown-too-deep"
	CodeDocumentEnd     = "yaml-document-end"
)

// KeyPos returns the position of a field's key, such as "employee" or
// "goals[1].timing", and whether the field is present.
func (d *Doc) KeyPos(field string) (Pos, bool) {
	f, ok := d.field(field)
	return f.key, ok
}

// ValuePos returns the position of a field's value, falling back to the
// key, and whether the field is present.
func (d *Doc) ValuePos(field string) (Pos, bool) {
	f, ok := d.field(field)
	if f.hasValue {
		return f.value, true
	}
	return f.key, ok
}

// Has reports whether a field is present in the front matter.
func (d *Doc) Has(field string) bool {
	_, ok := d.field(field)
	return ok
}

// GoalField returns the field path of a goal's field: GoalField(1, "timing")
// is "goals[1].timing".
func GoalField(i int, name string) string {
	p := "goals[" + strconv.Itoa(i) + "]"
	if name == "" {
		return p
	}
	return p + "." + name
}

// Goal returns the goal with the given id.
func (d *Doc) Goal(id string) (Goal, bool) {
	for _, g := range d.Goals {
		if g.ID == id {
			return g, true
		}
	}
	return Goal{}, false
}

// ManagerPrep reports whether the document is the manager's preparation
// note.
func (d *Doc) ManagerPrep() bool { return d.Kind == KindPrep && d.For == ForManager }

// SectionKind returns the kind whose sections the document must hold:
// KindPOP, KindPrep or SectionsPrepManager.
func (d *Doc) SectionKind() string {
	switch {
	case d.ManagerPrep():
		return SectionsPrepManager
	case d.Kind == KindPrep:
		return KindPrep
	}
	return KindPOP
}

// OpenGoals returns the goals that are neither done nor dropped.
func (d *Doc) OpenGoals() []Goal {
	var open []Goal
	for _, g := range d.Goals {
		if g.Open() {
			open = append(open, g)
		}
	}
	return open
}
