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
	for name, src := range plainCases {
		inputs[name] = []byte(src)
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
	for _, src := range plainCases {
		f.Add([]byte(src))
	}
	f.Add([]byte(validPOP))
	f.Fuzz(func(t *testing.T, data []byte) {
		full := Parse("f.md", data)
		fast := ParseFrontMatter("f.md", data)
		full.Sections, fast.Sections = nil, nil
		if !reflect.DeepEqual(full, fast) {
			t.Errorf("ParseFrontMatter differs from Parse:\nfull %+v\nfast %+v", full, fast)
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

// plainCases are front matters in the plain subset: ParseFrontMatter must
// take the fast path for each, and read it as Parse does.
var plainCases = map[string]string{
	"plain-valid":       "---\npop: 1\nkind: pop\nemployee: jan\ndate: 2026-01-31\nagenda: [feedback, groei naar tech lead]\ngoals:\n  - id: a\n    follow_up: +1m\n    budget: 450 EUR\n    updates:\n      - date: 2026-02-01\n        note: gedaan, C# en 1:2\n---\nbody\n",
	"plain-seq-indent0": "---\npop: 1\ngoals:\n- id: a\n  status: done\n- id: b\n---\n",
	"plain-spaces":      "---\npop:   1\nemployee:    jan   \n# a comment\n\ngoals:\n  -   id: a\n      status: planned\n---\n",
	"plain-unknown":     "---\npop: 1\nemployes: jan\ngoals:\n  - id: a\n    stauts: done\n---\n",
	"plain-duplicate":   "---\npop: 1\ndate: 2026-01-01\ndate: 2026-01-02\n---\n",
	"plain-bad-date":    "---\npop: 2\ndate: 2026-02-30\nnext_conversation: morgen\n---\n",
	"plain-bad-kinds":   "---\ngoals:\n  id: a\nagenda:\n  - x: y\nemployee:\n  - id: a\n---\n",
	"plain-empty-list":  "---\ngoals: []\nagenda: []\n---\n",
	"plain-bad-timing":  "---\ngoals:\n  - id: a\n    timing: 2027-Q5\n    follow_up: soon\n---\n",
}

func TestPlainSubsetTakesFastPath(t *testing.T) {
	for name, src := range plainCases {
		t.Run(name, func(t *testing.T) {
			d := &Doc{keys: map[string]Pos{}, values: map[string]Pos{}}
			raw, _, ok := d.split([]byte(src))
			if !ok {
				t.Fatal("no front matter")
			}
			if _, _, ok := ScanPlainYAML(raw); !ok {
				t.Errorf("not read by the fast path")
			}
		})
	}
	for name, src := range map[string]string{
		"quoted":       "---\nemployee: \"jan\"\n---\n",
		"flow map":     "---\ngoals:\n  - {id: a}\n---\n",
		"multi-line":   "---\ngoals:\n  - id: a\n    goal: een\n      twee\n---\n",
		"null":         "---\nemployee:\n---\n",
		"crlf":         "---\r\npop: 1\r\n---\r\n",
		"anchor":       "---\nemployee: &a jan\n---\n",
		"comment":      "---\nemployee: jan # the employee\n---\n",
		"bad indent":   "---\ngoals:\n    - id: a\n  - id: b\n---\n",
		"block scalar": "---\nemployee: |\n  jan\n---\n",
	} {
		t.Run(name, func(t *testing.T) {
			d := &Doc{keys: map[string]Pos{}, values: map[string]Pos{}}
			raw, _, _ := d.split([]byte(src))
			if _, _, ok := ScanPlainYAML(raw); ok {
				t.Errorf("read by the fast path; it should fall back to the YAML parser")
			}
			full, fast := Parse(name, []byte(src)), ParseFrontMatter(name, []byte(src))
			full.Sections = nil
			if !reflect.DeepEqual(full, fast) {
				t.Errorf("differs:\nfull %+v\nfast %+v", full, fast)
			}
		})
	}
}
