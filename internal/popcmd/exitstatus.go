package popcmd

import (
	"fmt"
	"strings"
)

// exitStatus is what exit 0 and exit 1 mean for one command. Exit 2
// means the same for every command (usageStatus). Findings is "" for a
// command that never exits 1.
type exitStatus struct {
	OK       string
	Findings string
}

const usageStatus = "usage or setup error: bad flag or argument, no .pop.yaml, unreadable file"

// exitStatuses is the EXIT STATUS of each command, by its path below pop
// ("person add"). It is data rather than prose in each description so
// that it is written once per command, rendered the same way in help, in
// docs/commands.md and in the man page, and so that TestExitStatuses
// fails when a command has none. Read the command's code before you
// write a line here: a command exits 1 only where it returns errFindings.
var exitStatuses = map[string]exitStatus{
	"init":        {OK: "the files were written"},
	"person add":  {OK: "the person was added"},
	"person list": {OK: "the registry was listed, even when it is empty"},
	"new":         {OK: "the new file was written; its path is on stdout"},
	"check": {OK: "no errors (warnings alone exit 0 unless --strict)",
		Findings: "an error was found, or with --strict a warning"},
	"sign": {OK: "the sign-off commit was made (with --dry-run: it could be)"},
	"verify": {OK: "every POP checked has the sign-offs --require asks for (default: both agreed)",
		Findings: "a POP lacks a sign-off --require asks for, or changed after it was signed"},
	"overdue": {OK: "nothing is due as --fail-on counts it",
		Findings: "something is overdue (--fail-on overdue, the default), or overdue or upcoming (--fail-on upcoming); never with --fail-on never"},
	"status":   {OK: "the table was written, whatever it shows: status reports, pop overdue fails a CI job"},
	"calendar": {OK: "the calendar was written, whatever is due in it"},
	"summary":  {OK: "the summary was written, whatever it counts"},
	"diff":     {OK: "the changes were written, whatever changed"},
	"render": {OK: "the page, or with --all every page and the index, was written",
		Findings: "with --all: a POP could not be read and was left out (the other pages were written)"},
	"demo":       {OK: "the sample repository was built (the tour's own findings do not change the exit status)"},
	"completion": {OK: "the script was written"},
	"version":    {OK: "the version was printed"},
	"help":       {OK: "the help was printed"},

	// Commands written beside this table in other branches, read off
	// their code there (cmd_doctor.go, cmd_person_team.go, cmd_seal.go).
	"doctor": {OK: "every line is ✓ (or -, not applicable)",
		Findings: "a line is ✗; its fix is printed below it"},
	"person set":        {OK: "the registry was changed"},
	"person leave":      {OK: "the leaving date was recorded"},
	"person key add":    {OK: "the key was registered"},
	"person key retire": {OK: "the key was retired from that day"},
	"seal": {OK: "every file was sealed",
		Findings: "of several files, one or more could not be sealed (the others were; each error is on stderr)"},
	"unseal": {OK: "every file was turned into clear text",
		Findings: "of several files, one or more could not be unsealed (the others were)"},
	"reseal": {OK: "every file was sealed to the current readers",
		Findings: "of several files, one or more could not be resealed (the others were)"},
	"share":    {OK: "the note was shared"},
	"show":     {OK: "the POP was printed"},
	"edit":     {OK: "the edited POP was sealed again, or left as it was when nothing changed"},
	"gen-docs": {OK: "docs/commands.md and docs/pop.1 were written"},
}

// exitStatusText renders the EXIT STATUS section of a command's help.
func exitStatusText(path string) string {
	st, ok := exitStatuses[path]
	if !ok {
		return exitStatusHelp
	}
	var b strings.Builder
	b.WriteString("EXIT STATUS\n")
	fmt.Fprintf(&b, "   0  %s\n", st.OK)
	if st.Findings != "" {
		fmt.Fprintf(&b, "   1  %s\n", st.Findings)
	}
	fmt.Fprintf(&b, "   2  %s", usageStatus)
	return b.String()
}

// withExitStatus puts the command's own EXIT STATUS where its description
// has the generic one (exitStatusHelp), or at its end.
func withExitStatus(desc, path string) string {
	desc = strings.TrimRight(strings.Replace(desc, exitStatusHelp, "", 1), " \n")
	if desc != "" {
		desc += "\n\n"
	}
	return desc + exitStatusText(path)
}
