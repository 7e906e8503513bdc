package pop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseValidFixtures(t *testing.T) {
	files, err := filepath.Glob("../../testdata/pops/model/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d := Parse(f, data)
			if len(d.Problems) > 0 {
				t.Fatalf("problems in a valid fixture: %+v", d.Problems)
			}
			if !d.HasFrontMatter || d.Version != 1 || d.Employee == "" || d.Date.IsZero() {
				t.Errorf("front matter not read: %+v", d)
			}
			if len(d.Sections) != 5 {
				t.Errorf("got %d sections, want 5", len(d.Sections))
			}
			for _, s := range d.Sections {
				if i, _ := MatchSection(d.Kind, s.Title); i < 0 {
					t.Errorf("section %q not recognised", s.Title)
				}
				if !s.Answered {
					t.Errorf("section %q not answered", s.Title)
				}
			}
		})
	}
}

func TestParseModel(t *testing.T) {
	data, err := os.ReadFile("../../testdata/pops/model/pop-nl.md")
	if err != nil {
		t.Fatal(err)
	}
	d := Parse("pop-nl.md", data)
	if d.Kind != KindPOP || d.Employee != "jan-peeters" || d.Manager != "an-janssens" || d.Companion != "Sara Claes" {
		t.Errorf("people: %+v", d)
	}
	if d.Date.String() != "2026-11-20" || d.NextConversation.String() != "2027-05-20" {
		t.Errorf("dates: %s %s", d.Date, d.NextConversation)
	}
	if strings.Join(d.Agenda, "|") != "feedback|doorgroei naar tech lead" {
		t.Errorf("agenda: %q", d.Agenda)
	}
	if len(d.Goals) != 2 {
		t.Fatalf("goals: %d", len(d.Goals))
	}
	g := d.Goals[0]
	if g.ID != "conflicten" || g.Timing.End.String() != "2027-03-31" || g.FollowUp.Kind != FollowUpNext || g.Budget != "450 EUR" {
		t.Errorf("goal: %+v", g)
	}
	if len(g.Updates) != 1 || g.Updates[0].Date.String() != "2027-02-03" || g.Updates[0].Note != "Training gevolgd, nu oefenen" {
		t.Errorf("updates: %+v", g.Updates)
	}
	if d.Lang() != "nl" {
		t.Errorf("lang = %s", d.Lang())
	}
	// Positions count the file's lines, front matter included.
	for field, want := range map[string]Pos{
		"employee":          {4, 1},
		"goals[0].timing":   {15, 5},
		"goals[1]":          {23, 5},
		"goals[0].updates":  {21, 5},
		"next_conversation": {9, 1},
	} {
		if got, ok := d.KeyPos(field); !ok || got != want {
			t.Errorf("KeyPos(%s) = %v, %v; want %v", field, got, ok, want)
		}
	}
	if got, _ := d.ValuePos("goals[0].timing"); got != (Pos{15, 13}) {
		t.Errorf("ValuePos(goals[0].timing) = %v", got)
	}
	if got, _ := d.ValuePos("goals[0].updates[0].date"); got != (Pos{22, 16}) {
		t.Errorf("ValuePos(goals[0].updates[0].date) = %v", got)
	}
	wantSections := []Pos{{35, 1}, {40, 1}, {44, 1}, {49, 1}, {55, 1}}
	for i, s := range d.Sections {
		if s.Pos != wantSections[i] {
			t.Errorf("section %q at %v, want %v", s.Title, s.Pos, wantSections[i])
		}
	}
}

func TestParseCRLFPositions(t *testing.T) {
	data, err := os.ReadFile("../../testdata/pops/model/pop-crlf.md")
	if err != nil {
		t.Fatal(err)
	}
	d := Parse("pop-crlf.md", data)
	if got, _ := d.ValuePos("goals[0].timing"); got != (Pos{13, 13}) {
		t.Errorf("timing value at %v, want 13:13", got)
	}
	if len(d.Sections) != 5 || d.Sections[0].Pos != (Pos{18, 1}) || d.Sections[4].Title != "5. Afronding" {
		t.Errorf("sections: %+v", d.Sections)
	}
}

func TestParseProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		code string
		pos  Pos
		hint string
	}{
		{"empty file", "", CodeNoFrontMatter, Pos{1, 1}, ""},
		{"no front matter", "# Hello\n", CodeNoFrontMatter, Pos{1, 1}, ""},
		{"unclosed", "---\npop: 1\nkind: pop\n", CodeUnclosed, Pos{1, 1}, ""},
		{"unclosed after blank lines", "\n\n---\npop: 1\n", CodeUnclosed, Pos{3, 1}, ""},
		{"toml", "+++\npop = 1\n+++\n", CodeNotYAML, Pos{1, 1}, ""},
		{"json", ";;;\n{\"pop\": 1}\n;;;\n", CodeNotYAML, Pos{1, 1}, ""},
		{"json object", "{\n  \"pop\": 1\n}\n\nbody\n", CodeNotYAML, Pos{1, 1}, ""},
		{"bom", "\xef\xbb\xbf---\npop: 1\n---\n", CodeBOM, Pos{1, 1}, ""},
		{"invalid utf-8", "---\npop: 1\nemployee: j\xffn\n---\n", CodeInvalidUTF8, Pos{3, 12}, ""},
		{"yaml syntax", "---\npop: 1\nemployee: jan\n  manager: an\n---\n", CodeYAMLSyntax, Pos{4, 1}, ""},
		{"comma in flow mapping", "---\ngoals:\n  - id: a\n    updates:\n      - {date: 2027-02-03, note: done, now practising}\n---\n", CodeUnknownKey, Pos{5, 40}, "a comma inside {…} starts a new key; put text with commas in quotes"},
		{"unknown key", "---\npop: 1\ncompagnon: Sara\n---\n", CodeUnknownKey, Pos{3, 1}, "did you mean companion?"},
		{"unknown goal key", "---\ngoals:\n  - id: a\n    timnig: 2027-Q1\n---\n", CodeUnknownKey, Pos{4, 5}, "did you mean goals[0].timing?"},
		{"duplicate key", "---\npop: 1\nemployee: a\nemployee: b\n---\n", CodeDuplicateKey, Pos{4, 1}, ""},
		{"bad date", "---\ndate: 2026-02-30\n---\n", CodeBadDate, Pos{2, 7}, ""},
		{"bad update date", "---\ngoals:\n  - id: a\n    updates:\n      - {date: yesterday, note: x}\n---\n", CodeBadDate, Pos{5, 16}, ""},
		{"bad timing", "---\ngoals:\n  - id: a\n    timing: Q5 2027\n---\n", CodeBadTiming, Pos{4, 13}, ""},
		{"bad follow-up", "---\ngoals:\n  - id: a\n    follow_up: soon\n---\n", CodeBadFollowUp, Pos{4, 16}, ""},
		{"wrong type", "---\nemployee: [a, b]\n---\n", CodeFieldType, Pos{2, 11}, ""},
		{"goals not a list", "---\ngoals: many\n---\n", CodeFieldType, Pos{2, 8}, ""},
		{"alias", "---\nemployee: &e jan\nmanager: *e\n---\n", CodeUnsupportedYAML, Pos{3, 10}, ""},
		{"merge key", "---\ngoals:\n  - &g {id: a}\n  - <<: *g\n---\n", CodeUnsupportedYAML, Pos{4, 9}, ""},
		{"version", "---\npop: 2\n---\n", CodeVersion, Pos{2, 6}, ""},
		{"not a mapping", "---\n- a\n- b\n---\n", CodeFieldType, Pos{2, 1}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse("x.md", []byte(tc.in))
			for _, p := range d.Problems {
				if p.Code == tc.code {
					if p.Pos != tc.pos {
						t.Errorf("%s at %v, want %v (%s)", p.Code, p.Pos, tc.pos, p.Message)
					}
					if tc.hint != "" && p.Hint != tc.hint {
						t.Errorf("hint %q, want %q", p.Hint, tc.hint)
					}
					// An unknown key may be plan text: never quoted.
					for _, planted := range []string{"practising", "compagnon", "timnig"} {
						if strings.Contains(p.Message+p.Hint+p.Field, planted) {
							t.Errorf("%s quotes the key %q: %+v", p.Code, planted, p)
						}
					}
					return
				}
			}
			t.Errorf("no %s problem; got %+v", tc.code, d.Problems)
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	d := Parse("big.md", []byte(strings.Repeat("a", MaxSize+1)))
	if len(d.Problems) != 1 || d.Problems[0].Code != CodeTooLarge || d.HasFrontMatter {
		t.Errorf("got %+v", d.Problems)
	}
	d = Parse("ok.md", []byte("---\npop: 1\n---\n"+strings.Repeat("a", MaxSize-20)))
	if len(d.Problems) != 0 {
		t.Errorf("a file under the limit: %+v", d.Problems)
	}
}

func TestSectionsAnswered(t *testing.T) {
	body := "---\npop: 1\n---\n# Title\n\n## 1. Opening\n\n<!-- How are you? -->\n<!-- Anything else? -->\n\n## 2. Looking back\n\n<!-- q -->\nA real answer.\n\n## 3. Development needs\n\n<!-- q -->  text after the comment\n\n## 4. Plan\n\n### Sub heading\n\n## 5. Wrap-up\n"
	d := Parse("x.md", []byte(body))
	want := map[string]bool{"1. Opening": false, "2. Looking back": true, "3. Development needs": true, "4. Plan": true, "5. Wrap-up": false}
	if len(d.Sections) != 5 {
		t.Fatalf("sections: %+v", d.Sections)
	}
	for _, s := range d.Sections {
		if s.Answered != want[s.Title] {
			t.Errorf("%s answered = %v, want %v", s.Title, s.Answered, want[s.Title])
		}
	}
	if d.Lang() != "en" {
		t.Errorf("lang = %s, want en", d.Lang())
	}
}

func TestMatchSection(t *testing.T) {
	for _, tc := range []struct {
		kind, title string
		index       int
		lang        string
	}{
		{KindPOP, "1. Start van het gesprek", 0, "nl"},
		{KindPOP, "terugblik", 1, "nl"},
		{KindPOP, "4) Plan", 3, "en"},
		{KindPOP, "  5.   Wrap-up ", 4, "en"},
		{KindPOP, "Wat wil ik ontwikkelen", -1, ""},
		{KindPrep, "1. Wat wil ik ontwikkelen", 0, "nl"},
		{KindPrep, "Someone I trust", 2, "en"},
	} {
		i, lang := MatchSection(tc.kind, tc.title)
		if i != tc.index || lang != tc.lang {
			t.Errorf("MatchSection(%s, %q) = %d, %s; want %d, %s", tc.kind, tc.title, i, lang, tc.index, tc.lang)
		}
	}
}

// TestParseHostile feeds inputs meant to exhaust a parser. Each must give
// its problems (or none) without a panic; speed is a benchmark's business.
func TestParseHostile(t *testing.T) {
	fm := "---\npop: 1\n---\n"
	for _, tc := range []struct {
		name string
		in   string
		code string // a problem that must be reported; "" for none
	}{
		{"empty", "", CodeNoFrontMatter},
		{"binary", "\x00\x01\x02\xff\xfe", CodeInvalidUTF8},
		{"alias bomb", "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n", CodeUnsupportedYAML},
		{"300 KiB", fm + strings.Repeat("tekst ", 300<<10/6), CodeTooLarge},
		{"100000 nested block quotes", fm + strings.Repeat(">", 100000) + " x\n", CodeTooDeep},
		{"unclosed front matter", "---\npop: 1\nkind: pop\n\n## 1. Opening\n", CodeUnclosed},
		{"deep YAML", "---\na: " + strings.Repeat("[", 20000) + "\n---\n", CodeYAMLSyntax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse("hostile.md", []byte(tc.in))
			for _, p := range d.Problems {
				if p.Code == tc.code {
					return
				}
			}
			t.Errorf("no %s; got %+v", tc.code, d.Problems)
		})
	}
}

func TestParseConversationFields(t *testing.T) {
	d := Parse("x.md", []byte("---\nkind: prep\nfor: manager\ngoals:\n  - id: a\n    timing: Q2 2027\n    follow_up: +3m\n    evaluation: Korte evaluatie na 3 maanden\n    org_goal: klantgericht\n---\n"))
	if len(d.Problems) > 0 {
		t.Fatalf("problems: %v", d.Problems)
	}
	g := d.Goals[0]
	if g.Evaluation != "Korte evaluatie na 3 maanden" || g.OrgGoal != "klantgericht" || g.Timing.End.String() != "2027-06-30" || g.Timing.Raw != "Q2 2027" {
		t.Errorf("goal = %+v", g)
	}
	if !d.ManagerPrep() || d.SectionKind() != SectionsPrepManager {
		t.Errorf("for: manager not read: %q", d.For)
	}
	if p, _ := d.ValuePos("goals[0].org_goal"); p != (Pos{9, 15}) {
		t.Errorf("org_goal at %s", p)
	}
}

// TestFirstControl holds the word-at-a-time scan to a byte-at-a-time one
// at every offset, for each character it must find or pass.
func TestFirstControl(t *testing.T) {
	for _, ch := range []string{"\x00", "\x01", "\x0b", "\x1f", "\x7f", "\u0080", "\u0085", "\u009f", "\t", "\n", "\r", "\u00a0", "é", " ", "~"} {
		for n := 0; n < 20; n++ {
			data := []byte(strings.Repeat("a", n) + ch + strings.Repeat("b", 11))
			wantOff, wantR := firstControlSlow(data, 0, len(data))
			off, r := firstControl(data)
			if off != wantOff || r != wantR {
				t.Errorf("%q at %d: got %d %U, want %d %U", ch, n, off, r, wantOff, wantR)
			}
			if ch == "\t" || ch == "\n" || ch == "\r" || ch == "\u00a0" || ch == "é" || ch == " " || ch == "~" {
				if off != -1 {
					t.Errorf("%q at %d: found %U at %d", ch, n, r, off)
				}
			} else if off != n {
				t.Errorf("%q at %d: found at %d", ch, n, off)
			}
		}
	}
}
