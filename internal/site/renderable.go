package site

import (
	"fmt"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/report"
)

// NotRenderable says why a file has no page, with a hint for the user.
type NotRenderable struct {
	msg  string
	hint string
}

func (e *NotRenderable) Error() string { return e.msg }

// Hint says what to do about it.
func (e *NotRenderable) Hint() string { return e.hint }

// Renderable says why a parsed file cannot be rendered as a POP: it has
// no readable front matter, or it is a preparation note. name is how the
// user knows the file.
func Renderable(name string, doc *pop.Doc) error {
	check := "run pop check " + name
	for _, p := range doc.Problems {
		switch p.Code {
		case pop.CodeTooLarge, pop.CodeBOM, pop.CodeInvalidUTF8, pop.CodeControlChar, pop.CodeNoFrontMatter,
			pop.CodeUnclosed, pop.CodeNotYAML, pop.CodeYAMLSyntax, pop.CodeVersion:
			return &NotRenderable{fmt.Sprintf("%s:%s: not a POP: %s", name, p.Pos, p.Message), check}
		}
	}
	switch {
	case !doc.HasFrontMatter:
		return &NotRenderable{name + ": not a POP: no front matter", check}
	case doc.Kind == pop.KindPrep:
		return &NotRenderable{name + " is a preparation note; pop render renders POPs", "preparation notes are the employee's own and are not rendered"}
	case doc.Kind != pop.KindPOP && doc.Kind != "":
		return &NotRenderable{fmt.Sprintf("%s: not a POP: kind %q", name, doc.Kind), check}
	case doc.Employee == "":
		return &NotRenderable{name + ": not a POP: no employee", check}
	}
	return nil
}

// ProblemsWarning says that a rendered file has n problems pop check
// reports; the page shows what could be read.
func ProblemsWarning(name string, n int) string {
	return name + " has " + report.CountOf(n, "problem", "problems") + "; run pop check " + name
}
