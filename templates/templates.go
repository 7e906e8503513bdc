// Package templates holds the built-in POP and preparation-note templates,
// one Markdown body per language and kind. A repository can override them
// by placing files of the same name under .pop/templates/<lang>/.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed nl/*.md en/*.md ci/*.yml
var files embed.FS

// Langs are the languages the built-in templates come in.
var Langs = []string{"nl", "en"}

// Body returns the built-in template for lang ("nl" or "en") and kind
// ("pop" or "prep").
func Body(lang, kind string) ([]byte, error) {
	b, err := fs.ReadFile(files, lang+"/"+kind+".md")
	if err != nil {
		return nil, fmt.Errorf("no built-in template for lang %q and kind %q", lang, kind)
	}
	return b, nil
}

// CI returns the workflow template for a CI system: "github" or "gitlab".
func CI(system string) ([]byte, error) {
	b, err := fs.ReadFile(files, "ci/"+system+".yml")
	if err != nil {
		return nil, fmt.Errorf("no CI template for %q", system)
	}
	return b, nil
}
