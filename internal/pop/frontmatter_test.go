package pop

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestParseFrontMatterMatchesParse checks that the fast path reads every
// fixture exactly as Parse does, apart from the body sections.
func TestParseFrontMatterMatchesParse(t *testing.T) {
	files, err := filepath.Glob("../../testdata/pops/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "")
	inputs := map[string][]byte{
		"empty":    {},
		"bom":      []byte("\xef\xbb\xbf---\npop: 1\n---\n"),
		"bad-utf8": []byte("---\npop: 1\nemployee: \xff\n---\n"),
		"large":    make([]byte, MaxSize+1),
		"unclosed": []byte("---\npop: 1\n"),
		"toml":     []byte("+++\npop = 1\n+++\n"),
		"valid":    []byte(validPOP),
		"crlf":     []byte(strings.ReplaceAll(validPOP, "\n", "\r\n")),
	}
	for _, f := range files {
		if f == "" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(f)] = data
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			full := Parse(name, data)
			fast := ParseFrontMatter(name, data)
			full.Sections, fast.Sections = nil, nil
			if !reflect.DeepEqual(full, fast) {
				t.Errorf("ParseFrontMatter differs from Parse:\nfull %+v\nfast %+v", full, fast)
			}
		})
	}
}

func FuzzParseFrontMatter(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/pops/*.md")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		full := Parse("f.md", data)
		fast := ParseFrontMatter("f.md", data)
		full.Sections, fast.Sections = nil, nil
		if !reflect.DeepEqual(full, fast) {
			t.Errorf("ParseFrontMatter differs from Parse")
		}
	})
}

const validPOP = `---
pop: 1
kind: pop
employee: jan-peeters
manager: an-janssens
date: 2026-11-20
next_conversation: 2027-05-20
goals:
  - id: conflicten
    goal: Beter leren omgaan met conflicten
    measure: training
    action: Training volgen
    timing: 2027-Q1
    support: Tijd
    follow_up: +3m
    budget: 450 EUR
    status: in-progress
    updates:
      - {date: 2027-02-03, note: Gevolgd}
    unknown: x
---

# POP

## 1. Start van het gesprek

Hallo.
`
