package repo

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/pop"
)

const historyRegistry = `# the team
- id: an-janssens
  name: An Janssens
  email: an@example.com
- id: tom-becker
  name: Tom Becker
  email: tom@example.com
- id: jan-peeters # joined 2024
  name: Jan Peeters
  email: jan@example.com
  managers:
    - {id: an-janssens, from: 2024-01-01}
    - {id: tom-becker, from: 2026-09-01}
  left: 2027-06-30
`

func day(t *testing.T, s string) pop.Date {
	t.Helper()
	d, err := pop.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestManagerOn(t *testing.T) {
	p, probs, err := ParsePeople("people.yaml", []byte(historyRegistry))
	if err != nil || len(probs) > 0 {
		t.Fatalf("parse: %v %v", err, probs)
	}
	for _, tt := range []struct{ day, want string }{
		{"2023-12-31", ""}, // before the first entry: no manager
		{"2024-01-01", "an-janssens"},
		{"2026-08-31", "an-janssens"},
		{"2026-09-01", "tom-becker"}, // the change counts from its day
		{"2030-01-01", "tom-becker"},
	} {
		if got := p.ManagerOn("jan-peeters", day(t, tt.day)); got != tt.want {
			t.Errorf("ManagerOn(%s) = %q, want %q", tt.day, got, tt.want)
		}
	}
	jan, _ := p.Get("jan-peeters")
	if jan.Manager != "tom-becker" {
		t.Errorf("Manager = %q, want the newest entry", jan.Manager)
	}
	if jan.HasLeft(day(t, "2027-06-29")) || !jan.HasLeft(day(t, "2027-06-30")) {
		t.Errorf("HasLeft: out from the day given in left")
	}
}

func TestManagerShorthand(t *testing.T) {
	p, _, _ := ParsePeople("people.yaml", []byte("- {id: a, name: A, email: a@x.org}\n- {id: b, name: B, email: b@x.org, manager: a}\n"))
	if got := p.ManagerOn("b", day(t, "1999-01-01")); got != "a" {
		t.Errorf("shorthand: ManagerOn = %q, want a on any day", got)
	}
}

func TestParseManagersProblems(t *testing.T) {
	for _, tt := range []struct{ name, entry, code string }{
		{"unknown", "  managers: [{id: nobody, from: 2024-01-01}]", CodePersonManager},
		{"both", "  manager: a\n  managers: [{id: a}]", CodePersonManagers},
		{"order", "  managers: [{id: a, from: 2025-01-01}, {id: a, from: 2024-01-01}]", CodePersonManagers},
		{"undated later", "  managers: [{id: a, from: 2025-01-01}, {id: a}]", CodePersonManagers},
		{"bad date", "  managers: [{id: a, from: soon}]", CodePersonManagers},
		{"own", "  managers: [{id: b}]", CodePersonManagers},
		{"bad left", "  left: tomorrow", CodePersonField},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := "- {id: a, name: A, email: a@x.org}\n- id: b\n  name: B\n  email: b@x.org\n" + tt.entry + "\n"
			_, probs, err := ParsePeople("people.yaml", []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 || probs[0].Code != tt.code {
				t.Errorf("problems %v, want one %s", probs, tt.code)
			}
		})
	}
}

func TestEditPersonKeepsComments(t *testing.T) {
	out, err := EditPerson([]byte(historyRegistry), "an-janssens", PersonEdit{Email: "an.j@example.com", Manager: "tom-becker", From: day(t, "2026-10-01")})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"# the team", "# joined 2024", "email: an.j@example.com", "{id: tom-becker, from: 2026-10-01}"} {
		if !strings.Contains(s, want) {
			t.Errorf("edited registry lacks %q:\n%s", want, s)
		}
	}
	p, probs, err := ParsePeople("people.yaml", out)
	if err != nil || len(probs) > 0 {
		t.Fatalf("edited registry does not parse: %v %v\n%s", err, probs, s)
	}
	if got := p.ManagerOn("an-janssens", day(t, "2026-10-01")); got != "tom-becker" {
		t.Errorf("ManagerOn after edit = %q", got)
	}
}

func TestEditPersonShorthandBecomesHistory(t *testing.T) {
	data := "- {id: a, name: A, email: a@x.org}\n- {id: c, name: C, email: c@x.org}\n- id: b\n  name: B\n  email: b@x.org\n  manager: a # since the start\n"
	out, err := EditPerson([]byte(data), "b", PersonEdit{Manager: "c", From: day(t, "2026-09-01")})
	if err != nil {
		t.Fatal(err)
	}
	p, probs, err := ParsePeople("people.yaml", out)
	if err != nil || len(probs) > 0 {
		t.Fatalf("%v %v\n%s", err, probs, out)
	}
	if p.ManagerOn("b", day(t, "2026-08-31")) != "a" || p.ManagerOn("b", day(t, "2026-09-01")) != "c" {
		t.Errorf("history not kept:\n%s", out)
	}
	if _, err := EditPerson(out, "b", PersonEdit{Manager: "a", From: day(t, "2026-09-01")}); err == nil {
		t.Errorf("a change dated on the last change's day is accepted")
	}
	if _, err := EditPerson(out, "b", PersonEdit{Manager: "a"}); err == nil {
		t.Errorf("an undated change over a dated history is accepted")
	}
	if _, err := EditPerson(out, "nobody", PersonEdit{Name: "X"}); err == nil {
		t.Errorf("editing an unknown id is accepted")
	}
}

func TestMoveSigners(t *testing.T) {
	data := "# keys\nan@example.com namespaces=\"git\" ssh-ed25519 AAAA an\nx@example.com,AN@example.com ssh-ed25519 BBBB\ntom@example.com ssh-ed25519 CCCC"
	out, n := MoveSigners([]byte(data), "an@example.com", "an.j@example.com")
	want := "# keys\nan.j@example.com namespaces=\"git\" ssh-ed25519 AAAA an\nx@example.com,an.j@example.com ssh-ed25519 BBBB\ntom@example.com ssh-ed25519 CCCC"
	if string(out) != want || n != 2 {
		t.Errorf("moved %d:\n%s\nwant:\n%s", n, out, want)
	}
}

func TestRetireSigner(t *testing.T) {
	pub := func(s string) ssh.PublicKey {
		k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	const a = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxnR4Oa3WQK9D6SOV8w6/yu4dUAEfhQ4X5RCXvvt2XR"
	const b = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBt3lDmdvmYhlgUNOyDNA1EbgX5yBJ69oOT3ON9JoEIQ"
	data := "# keys\njan@example.com namespaces=\"git\" " + a + " laptop\nan@example.com " + a + "\njan@example.com valid-before=\"20250101\" " + b + "\n"
	out, n := RetireSigner([]byte(data), "jan@example.com", pub(a), day(t, "2026-12-01"))
	want := "# keys\njan@example.com namespaces=\"git\",valid-before=\"20261201\" " + a + " laptop\nan@example.com " + a + "\njan@example.com valid-before=\"20250101\" " + b + "\n"
	if string(out) != want || n != 1 {
		t.Errorf("changed %d:\n%s\nwant:\n%s", n, out, want)
	}
	out, n = RetireSigner([]byte(data), "jan@example.com", pub(b), day(t, "2026-12-01"))
	if n != 1 || !strings.Contains(string(out), "jan@example.com valid-before=\"20261201\" "+b) {
		t.Errorf("an earlier valid-before is replaced:\n%s", out)
	}
	signers, err := ParseAllowedSigners("allowed_signers", out)
	if err != nil || len(signers) != 3 {
		t.Errorf("result does not parse: %v", err)
	}
}

// FuzzRegistryEdit feeds any registry to ParsePeople and EditPerson: no
// panic, and an edit of a parsed person gives a registry that parses.
func FuzzRegistryEdit(f *testing.F) {
	f.Add([]byte(historyRegistry), "jan-peeters", "x@example.com", "an-janssens")
	f.Add([]byte("- {id: a, name: A, email: a@x.org, manager: b}\n"), "a", "", "b")
	f.Add([]byte("- id: a\n  managers: [{id: a, from: 2026-01-01}, 3]\n  left: x\n"), "a", "a@b.c", "a")
	f.Fuzz(func(t *testing.T, data []byte, id, email, manager string) {
		p, _, err := ParsePeople("people.yaml", data)
		if err != nil {
			return
		}
		managerOfAll(p)
		if _, ok := p.Get(id); !ok {
			return
		}
		out, err := EditPerson(data, id, PersonEdit{Email: email, Manager: manager, From: pop.NewDate(2030, 1, 1)})
		if err != nil {
			return
		}
		if _, _, err := ParsePeople("people.yaml", out); err != nil {
			t.Fatalf("edited registry does not parse: %v\n%s", err, out)
		}
	})
}

// managerOfAll asks every person's manager on a few days, so the fuzzer
// reaches ManagerOn over any history.
func managerOfAll(p *People) {
	for _, per := range p.List {
		for _, d := range []pop.Date{{}, pop.NewDate(2000, 1, 1), pop.NewDate(2030, 1, 1)} {
			p.ManagerOn(per.ID, d)
			per.HasLeft(d)
		}
	}
}
