package check

import (
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// Severity says whether a finding fails the check.
type Severity string

// The severities a rule can have; Off turns a rule off in .pop.yaml.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Off     Severity = "off"
)

// Rule is one thing pop check looks for. Its ID never changes: teams set
// severities by it in .pop.yaml and code scanning tracks findings by it.
type Rule struct {
	ID       string
	Severity Severity // the default
	Summary  string   // what the rule finds, one line
	Why      string   // why it matters
	Fix      string   // how to fix a finding
}

// Rule ids that only pop check reports; the parser's and the registry's
// problems keep their own codes (pop.Code*, repo.Code*) as rule ids.
const (
	RuleFileUnreadable      = "file-unreadable"
	RuleSymlinkOutside      = "symlink-outside"
	RuleFieldMissing        = "field-missing"
	RuleKindUnknown         = "kind-unknown"
	RuleEmployeeUnknown     = "employee-unknown"
	RuleManagerUnknown      = "manager-unknown"
	RuleManagerNotOnDate    = "manager-not-on-date"
	RulePathMismatch        = "path-mismatch"
	RuleGoalIDMissing       = "goal-id-missing"
	RuleGoalIDMalformed     = "goal-id-malformed"
	RuleGoalIDDuplicate     = "goal-id-duplicate"
	RuleGoalMissingGoal     = "goal-missing-goal"
	RuleGoalMissingAction   = "goal-missing-action"
	RuleGoalMissingTiming   = "goal-missing-timing"
	RuleGoalMissingSupport  = "goal-missing-support"
	RuleGoalMissingMeasure  = "goal-missing-measure"
	RuleGoalMissingFollowUp = "goal-missing-follow-up"
	RuleTimingOutOfRange    = "timing-out-of-range"
	RuleFollowUpBeforeDate  = "follow-up-before-date"
	RuleMeasureUnknown      = "measure-unknown"
	RuleStatusUnknown       = "status-unknown"
	RuleNextMissing         = "next-conversation-missing"
	RuleNextNotAfter        = "next-conversation-not-after-date"
	RuleSectionMissing      = "section-missing"
	RuleSectionOrder        = "section-order"
	RuleSectionDuplicate    = "section-duplicate"
	RuleSectionUnanswered   = "section-unanswered"
	RuleConfigUnknownRule   = "config-unknown-rule"
	RuleGoalsMissing        = "goals-missing"
	RuleOrgGoalUnknown      = "org-goal-unknown"
	RuleForUnknown          = "for-unknown"
	RuleSelfApproval        = "manager-is-employee"
)

// Rules lists every rule in the order the README's table shows them:
// the file, the front matter, the fields, the goals, the body, then the
// repository's own files.
var Rules = []Rule{
	{pop.CodeTooLarge, Error, "file is larger than 256 KiB (512 KiB sealed)",
		"a POP is a few kilobytes; a larger file is a mistake or an attack, and is refused before parsing",
		"move attachments out of the POP and keep the text short"},
	{pop.CodeBOM, Error, "file starts with a byte-order mark",
		"a BOM hides the opening --- of the front matter from YAML tools and git diffs",
		"save the file as UTF-8 without BOM"},
	{pop.CodeInvalidUTF8, Error, "file is not valid UTF-8",
		"POPs are text shared across editors and platforms; other encodings garble names",
		"save the file as UTF-8"},
	{pop.CodeControlChar, Error, "file holds a control character other than TAB, CR or LF",
		"a NUL makes git show the file as binary in review; other control characters hide text or rewrite a terminal",
		"remove the character at the position shown"},
	{RuleFileUnreadable, Error, "file is not a regular file that can be read",
		"a POP that cannot be read cannot be checked, signed or followed up",
		"replace it with a regular file"},
	{RuleSymlinkOutside, Error, "symbolic link points outside the repository",
		"pop never follows a link out of the repository, so what it checks is what git holds",
		"replace the link with the file itself"},
	{pop.CodeNoFrontMatter, Error, "file has no front matter",
		"the front matter holds who, when and the agreed goals; without it there is nothing to check or sign",
		"start the file with a --- line, the YAML fields, and another --- line"},
	{pop.CodeUnclosed, Error, "front matter has no closing --- line",
		"without the closing line the whole file would be read as YAML",
		"end the front matter with a line holding only ---"},
	{pop.CodeNotYAML, Error, "front matter is TOML or JSON",
		"one format keeps every POP readable by the same tools",
		"write the front matter as YAML between --- lines"},
	{pop.CodeYAMLSyntax, Error, "front matter is not valid YAML",
		"a syntax error hides every field after it",
		"fix the YAML at the line shown; quote values that hold a colon"},
	{pop.CodeUnsupportedYAML, Error, "front matter uses YAML aliases or merge keys",
		"aliases hide what was agreed behind references and allow alias bombs",
		"write each value out"},
	{pop.CodeDocumentEnd, Error, "front matter holds a YAML document end or a second document",
		"YAML tools read only the first document or all of them, so text after ... or a second --- is seen by some and not others, and slips past review",
		"keep the front matter one YAML document between the two --- lines"},
	{pop.CodeDuplicateKey, Error, "a field is given twice",
		"YAML tools disagree about which value wins, so the agreement would be ambiguous",
		"keep one of them"},
	{pop.CodeUnknownKey, Error, "front matter has a field pop does not know",
		"a misspelt field is silently lost: companion written compagnion is no companion",
		"use the suggested field, or remove it"},
	{pop.CodeFieldType, Error, "a field has the wrong shape (list, mapping or single value)",
		"a value of the wrong shape cannot be read",
		"write the field as the schema shows: goals and agenda are lists, the rest single values"},
	{pop.CodeVersion, Error, "pop: is not a schema version this tool knows",
		"the schema version says how to read the file",
		"write pop: 1"},
	{RuleFieldMissing, Error, "a required field is missing",
		"a POP needs pop, kind, employee, manager and date; a preparation note pop, kind, employee and date",
		"add the field"},
	{RuleKindUnknown, Error, "kind is not pop or prep",
		"the kind decides which rules and sections apply",
		"write kind: pop or kind: prep"},
	{pop.CodeBadDate, Error, "a date is not a calendar day written YYYY-MM-DD",
		"dates drive follow-ups and overdue checks",
		"write the date as YYYY-MM-DD"},
	{pop.CodeBadTiming, Error, "a goal's timing is not a day, month, quarter or ongoing",
		"the timing says when the goal is reached",
		"write 2027-03-31, 2027-03, 2027-Q1 or ongoing"},
	{pop.CodeBadFollowUp, Error, "a goal's follow_up is not a date, +N days/weeks/months or next",
		"the follow-up says when progress is looked at again",
		"write a date, +3m (after the POP's date) or next (the next conversation)"},
	{RuleEmployeeUnknown, Error, "employee is not in the people registry",
		"sign-off and overdue checks find people through the registry",
		"fix the id, or add the person with pop person add"},
	{RuleSelfApproval, Error, "manager is the employee",
		"a POP is agreed between two people; one person signing both roles would make it agreed alone",
		"name the employee's manager in manager"},
	{RuleManagerUnknown, Error, "manager is not in the people registry",
		"the manager signs the POP; pop finds their key through the registry",
		"fix the id, or add the person with pop person add"},
	{RuleManagerNotOnDate, Error, "manager is not the employee's manager on the POP's date",
		"the registry keeps the reporting line over time; the manager of that day signs",
		"fix manager, or record the change of manager with pop person set ID --manager ID --from DATE"},
	{repo.CodePersonManagers, Error, "a person's managers history is malformed",
		"check, verify and overdue read who managed whom on a day from it",
		"write managers as a list of {id, from}, oldest first; only the first may leave out from"},
	{RulePathMismatch, Error, "file path does not match employee, date and kind",
		"pop finds a person's POPs and the newest one by path",
		"move the file to the path shown (pop/<employee>/<date>.md, -prep.md for a preparation note)"},
	{RuleNextMissing, Error, "next_conversation is missing",
		"the conversation guide ends by agreeing when to talk again",
		"add next_conversation: YYYY-MM-DD"},
	{RuleNextNotAfter, Error, "next_conversation is not after date",
		"the next conversation follows this one",
		"set next_conversation to a day after date"},
	{RuleForUnknown, Error, "for is not employee or manager",
		"for says who prepares: the employee, or the manager in a -prep-manager.md note",
		"write for: manager, or leave it out for the employee's own preparation"},
	{RuleGoalsMissing, Error, "a POP holds no goals",
		"a POP records what was agreed; a conversation without a single agreement is not a plan",
		"add at least one goal, with how, when and with whom"},
	{RuleGoalIDMissing, Error, "a goal has no id",
		"ids let pop follow a goal from one POP to the next and name it in reviews",
		"add id: a-short-slug"},
	{RuleGoalIDMalformed, Error, "a goal id is not a slug",
		"ids appear in paths, reviews and commands",
		"use lowercase letters, digits and hyphens, like conflicten"},
	{RuleGoalIDDuplicate, Error, "two goals have the same id",
		"an id must name one goal",
		"give each goal its own id"},
	{RuleGoalMissingGoal, Error, "a goal does not say what (goal)",
		"a goal without its aim cannot be followed up",
		"add goal: what the employee wants to reach"},
	{RuleGoalMissingAction, Error, "a goal does not say how (action)",
		"for every agreement it must be clear how, when and with whom",
		"add action: the training, course, coaching or other step"},
	{RuleGoalMissingTiming, Error, "a goal does not say when (timing)",
		"for every agreement it must be clear how, when and with whom",
		"add timing: 2027-Q1 (or a day, a month, ongoing)"},
	{RuleGoalMissingSupport, Error, "a goal does not say with whom (support or guide)",
		"for every agreement it must be clear how, when and with whom",
		"add support: what is needed, or guide: who supports"},
	{RuleGoalMissingMeasure, Warning, "a goal has no measure",
		"the measure (vorming, training, opleiding, coaching) is how budgets and training needs are summed up",
		"add measure: vorming, training, opleiding, coaching or other"},
	{RuleGoalMissingFollowUp, Warning, "a goal has no follow_up",
		"without a follow-up pop overdue cannot say when to look at progress",
		"add follow_up: a date, +3m or next"},
	{RuleOrgGoalUnknown, Error, "org_goal is not an id of org_goals in .pop.yaml",
		"goals are counted per organisation goal in pop summary; a misspelt id is counted nowhere",
		"use an id from org_goals in .pop.yaml, or add the organisation goal there"},
	{RuleMeasureUnknown, Error, "measure is not an allowed value",
		"measures are counted by kind in pop summary",
		"write vorming, training, opleiding, coaching or other"},
	{RuleStatusUnknown, Error, "status is not an allowed value",
		"the status decides whether a goal is open and can be overdue",
		"write planned, in-progress, blocked, done or dropped"},
	{RuleTimingOutOfRange, Error, "timing is before date or beyond the horizon",
		"goals are for the coming 6 to 12 months (horizon in .pop.yaml)",
		"set a timing between date and date + horizon, or ongoing"},
	{RuleFollowUpBeforeDate, Error, "follow_up is before the POP's date",
		"progress is followed up after the conversation, not before it",
		"set a follow_up on or after date"},
	{pop.CodeTooDeep, Error, "the Markdown body is nested too deeply",
		"deeply nested quotes and lists make Markdown parsing slow; no POP needs them",
		"use fewer nested quotes and lists"},
	{RuleSectionMissing, Error, "a required section is missing",
		"the five parts of the conversation (the checklist for a preparation note) structure every POP",
		"add the section heading shown, as ## N. Title"},
	{RuleSectionOrder, Error, "a required section is out of order",
		"the sections follow the course of the conversation",
		"move the section to its place"},
	{RuleSectionDuplicate, Error, "a required section appears twice",
		"each part of the conversation has one place",
		"merge the two sections"},
	{RuleSectionUnanswered, Error, "a section holds nothing but the template's guiding comments",
		"an empty part of the conversation is not a record of it",
		"write what was said, or n/a, under the heading"},
	{RuleNotSealed, Error, "a POP or prep note is in clear in a repository with seal: true",
		"the whole team, CI and the host read the repository; a plan in clear there is a leak once it is pushed",
		"seal it with pop seal FILE before you commit it"},
	{RuleSealedEnvelope, Error, "a sealed file's envelope is broken: armor, age header or blocks",
		"a sealed block that does not parse cannot be opened by anyone, so the plan would be lost",
		"restore the file from git, or seal the clear text again with pop seal"},
	{RuleSealedUnexpected, Error, "a sealed block is sealed to a key that is not one of its readers'",
		"someone who should not read the plan can; the stanzas show it without any key",
		"run pop reseal FILE to seal it to its readers alone"},
	{RuleSealedMissing, Warning, "a sealed block is not yet sealed to a registered key of one of its readers",
		"a reader with a new or rotated key cannot open the plan until it is resealed",
		"run pop reseal FILE with a key that opens it"},
	{RuleConfigUnknownRule, Error, ".pop.yaml sets the severity of a rule that does not exist",
		"a misspelt rule id silently changes nothing",
		"use an id from pop's rule table"},
	{repo.CodePeopleYAML, Error, "the people registry is not a YAML list of people",
		"every check of employees, managers and sign-offs reads the registry",
		"write the registry as a list of {id, name, email, manager}"},
	{repo.CodePersonField, Error, "a person has an unknown, repeated or missing field",
		"each person needs an id, a name and an email",
		"use id, name, email and manager"},
	{repo.CodePersonID, Error, "a person id is not a slug",
		"ids appear in paths and front matter",
		"use lowercase letters, digits and hyphens, like jan-peeters"},
	{repo.CodePersonDup, Error, "a person id is given twice",
		"an id must name one person",
		"remove or rename one of them"},
	{repo.CodePersonEmail, Error, "a person's email is not a valid address",
		"sign-off finds the signer by email",
		"write a bare address, like jan@example.com"},
	{repo.CodePersonEmailDup, Error, "two people have the same email",
		"sign-off finds people by email, so each needs their own",
		"give each person their own email"},
	{repo.CodePersonManager, Error, "a person's manager is not in the registry",
		"the manager signs that person's POPs",
		"fix the id, or add the manager"},
}

var ruleIndex = func() map[string]int {
	m := make(map[string]int, len(Rules))
	for i, r := range Rules {
		m[r.ID] = i
	}
	return m
}()

// Lookup returns the rule with the given id.
func Lookup(id string) (Rule, bool) {
	i, ok := ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return Rules[i], true
}

// RuleIDs returns the ids of all rules, in table order.
func RuleIDs() []string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return ids
}
