package view

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// renderToday is the day every golden page is rendered on. Dates in the
// fixtures and sign-offs are fixed too, so the pages do not depend on
// the clock.
var renderToday = pop.NewDate(2026, 12, 28)

func renderFixture(t testing.TB, name string) *pop.Doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return pop.Parse("pop/"+strings.TrimSuffix(name, ".md")+".md", data)
}

func renderPeople(t testing.TB) *repo.People {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", "people.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, probs, err := repo.ParsePeople("people.yaml", data)
	if err != nil || len(probs) > 0 {
		t.Fatalf("people.yaml: %v %v", err, probs)
	}
	return p
}

var renderSignedAt = time.Date(2026, 11, 21, 9, 30, 0, 0, time.FixedZone("", 3600))

func testSignOff(role signoff.Role, person string, d signoff.Decision) *signoff.SignOff {
	return &signoff.SignOff{
		Role: role, Decision: d, Person: person, Email: person + "@example.com",
		Commit: "4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39", When: renderSignedAt,
		Method: "ssh", Key: "SHA256:q7V1nQ3v5m3bq0Fv4m2XjQyZ1gM8YlQzq3hX0wq2c1E",
	}
}

// renderStates gives a sign-off status for every state a POP can be in.
func renderStates() map[string]*signoff.Status {
	emp := testSignOff(signoff.RoleEmployee, "jan-peeters", signoff.DecisionAgreed)
	man := testSignOff(signoff.RoleManager, "an-janssens", signoff.DecisionAgreed)
	seen := testSignOff(signoff.RoleEmployee, "jan-peeters", signoff.DecisionSeen)
	dis := testSignOff(signoff.RoleEmployee, "jan-peeters", signoff.DecisionDisagreed)
	dis.Reason = "De timing van de opleiding is niet haalbaar."
	prog := *man
	prog.Progress = true
	return map[string]*signoff.Status{
		"unsigned":        {State: signoff.Unsigned},
		"employee-signed": {State: signoff.EmployeeSigned, Employee: emp},
		"manager-signed":  {State: signoff.ManagerSigned, Manager: man},
		"agreed":          {State: signoff.Agreed, Employee: emp, Manager: &prog},
		"seen":            {State: signoff.Seen, Employee: seen, Manager: man},
		"disagreed":       {State: signoff.Disagreed, Employee: dis, Manager: man},
		"changed": {State: signoff.Changed, Employee: emp, Manager: man,
			Changed: []string{"goals[1].timing", "body"}},
		"invalid": {State: signoff.Invalid, Invalid: []signoff.Finding{{
			Path: "pop/jan-peeters/2026-11-20.md", Commit: "9e8d7c6b5a49",
			Reason: "the signature does not verify", Hint: "looks like a squash merge; push refs/pop/*"}}},
		"unknown": nil,
	}
}

// renderNames gives every name in the registry, as package site looks
// them up.
func renderNames(people *repo.People) map[string]string {
	out := map[string]string{}
	for _, p := range people.List {
		out[p.ID] = p.Name
	}
	return out
}

// renderDue is what package site works out for the fixtures on
// renderToday (its tests check that): Jan's conflicten follow-up of +1m
// (2026-12-20) has no update after it; Priya's next conversation
// (2026-11-11) and the mentoring follow-up with it have passed.
var renderDue = map[string]Due{
	"jan.md": {Goals: map[string]When{"conflicten": Overdue}, Passed: map[string]bool{"conflicten": true}},
	"priya.md": {Goals: map[string]When{"mentoring": Overdue}, Conversation: Overdue,
		Passed: map[string]bool{"mentoring": true}},
}

func renderString(t testing.TB, in POP) string {
	t.Helper()
	var b bytes.Buffer
	if err := WritePage(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRenderPageGolden(t *testing.T) {
	people := renderPeople(t)
	states := renderStates()
	tests := []struct {
		name, fixture, state string
		index                string
	}{
		{"jan-agreed.html", "jan.md", "agreed", "../index.html"},
		{"jan-changed.html", "jan.md", "changed", ""},
		{"priya-unsigned.html", "priya.md", "unsigned", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := renderFixture(t, tt.fixture)
			if len(doc.Problems) > 0 {
				t.Fatalf("fixture has problems: %v", doc.Problems)
			}
			got := renderString(t, POP{
				Doc: doc, Names: renderNames(people), SignOff: states[tt.state], Today: renderToday,
				Due: renderDue[tt.fixture], IndexHref: tt.index,
			})
			checkGolden(t, "golden/"+tt.name, []byte(got))
			renderAssertInert(t, got)
		})
	}
}

func TestRenderIndexGolden(t *testing.T) {
	idx := Index{Lang: "nl", Today: renderToday, People: []IndexPerson{
		{ID: "an-janssens", Name: "An Janssens"},
		{ID: "jan-peeters", Name: "Jan Peeters", Manager: "An Janssens", Latest: "2026-11-20", Href: "jan-peeters/2026-11-20.html",
			SignOff: signoff.Agreed,
			Overdue: []DueItem{{Kind: DueFollowUp, Goal: "Beter leren omgaan met conflicten", Date: pop.NewDate(2026, 12, 20)}},
			Next:    pop.NewDate(2027, 1, 15),
			Older:   []IndexLink{{Date: "2025-11-03", Href: "jan-peeters/2025-11-03.html"}}},
		{ID: "lotte-de-smet", Name: "Lotte De Smet", Manager: "An Janssens", Latest: "2026-11-03", Unreadable: true},
		{ID: "priya-raman", Name: "Priya Raman", Manager: "Tom Becker", Latest: "2026-04-23", Href: "priya-raman/2026-04-23.html",
			SignOff: signoff.Unsigned,
			Overdue: []DueItem{{Kind: DueFollowUp, Goal: "Mentor the two new hires", Date: pop.NewDate(2026, 11, 11)},
				{Kind: DueConversation, Date: pop.NewDate(2026, 11, 11)}}},
	}}
	var b bytes.Buffer
	if err := WriteIndex(&b, idx); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	checkGolden(t, "golden/index.html", []byte(got))
	renderAssertInert(t, got)
	for _, want := range []string{
		`<tr id="person-jan-peeters" data-state="agreed">`,
		`<tr id="person-an-janssens" data-state="none">`,
		`<tr id="person-lotte-de-smet" data-state="unreadable">`,
		// Jan's follow-up of +1m (2026-12-20) has no update after it.
		`<span class="due overdue nowrap">2026-12-20</span> Opvolging: Beter leren omgaan met conflicten`,
		// Testen falls due on 2027-01-15, not within 14 days: next date.
		`<td class="nowrap">2027-01-15</td>`,
		// Priya's next conversation has passed.
		`<span class="due overdue nowrap">2026-11-11</span> Volgend gesprek`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("index lacks %s", want)
		}
	}
}

// TestRenderSignOffStates renders the same POP in every sign-off state
// and checks each shows who signed, the decision, and a warning where
// one is due.
func TestRenderSignOffStates(t *testing.T) {
	doc := renderFixture(t, "jan.md")
	people := renderPeople(t)
	tests := []struct {
		state string
		want  []string
		not   []string
	}{
		{"unsigned", []string{`data-state="unsigned"`, "niet ondertekend", "nog niet ondertekend"}, []string{`role="alert"`}},
		{"employee-signed", []string{`data-state="employee-signed"`, "voor akkoord", "SHA256:q7V1nQ3v5m3bq0Fv4m2XjQyZ1gM8YlQzq3hX0wq2c1E", "2026-11-21 09:30", "nog niet ondertekend"}, []string{`role="alert"`}},
		{"manager-signed", []string{`data-state="manager-signed"`, "An Janssens", "4f2a9c1d8e7b"}, []string{`role="alert"`}},
		{"agreed", []string{`data-state="agreed"`, "voor akkoord ondertekend", "Sindsdien is alleen de voortgang bijgewerkt."}, []string{`role="alert"`, "nog niet ondertekend"}},
		{"seen", []string{`data-state="seen"`, "voor gezien"}, []string{`role="alert"`}},
		{"disagreed", []string{`data-state="disagreed"`, "niet akkoord", "De timing van de opleiding is niet haalbaar."}, []string{`role="alert"`}},
		{"changed", []string{`data-state="changed"`, `id="changed-warning"`, "gewijzigd nadat ze ondertekend werden", "<code>goals[1].timing</code>"}, nil},
		{"invalid", []string{`data-state="invalid"`, `id="invalid-warning"`, "the signature does not verify", "9e8d7c6b5a49"}, nil},
		{"unknown", []string{`data-state="unknown"`, `role="alert"`, "kon niet nagekeken worden", "(git is missing)"}, nil},
	}
	states := renderStates()
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			got := renderString(t, POP{Doc: doc, Names: renderNames(people), SignOff: states[tt.state],
				SignOffError: "git is missing", Today: renderToday})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("page has %q", n)
				}
			}
		})
	}
}

func TestRenderLanguage(t *testing.T) {
	en := renderString(t, POP{Doc: renderFixture(t, "priya.md"), Today: renderToday})
	nl := renderString(t, POP{Doc: renderFixture(t, "jan.md"), Today: renderToday})
	for _, c := range []struct {
		page string
		want []string
	}{
		{en, []string{`<html lang="en">`, "Personal development plan", "VTO(C) measure", "Support needed", "23 April 2026"}},
		{nl, []string{`<html lang="nl">`, "Persoonlijk ontwikkelingsplan", "VTO(C)-maatregel", "Nodige ondersteuning", "20 november 2026"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.page, w) {
				t.Errorf("page lacks %q", w)
			}
		}
	}
}

func TestRenderBody(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string
		not      []string
	}{
		{"table", "| a | b |\n| - | - |\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil},
		{"aligned table", "| a | b |\n| :- | -: |\n| 1 | 2 |\n", []string{`<td style="text-align:right">2</td>`}, nil},
		{"list", "- one\n- two\n", []string{"<ul>", "<li>one</li>"}, nil},
		{"headings move down", "# Title\n\n## Section\n", []string{"<h2>Title</h2>", "<h3>Section</h3>"}, []string{"<h1>"}},
		{"template comments", "## A\n\n<!-- Hoe gaat het? -->\n\ntext\n", []string{"text"}, []string{"Hoe gaat het", "<!--"}},
		{"raw html block", "<div onclick=x>hi</div>\n", nil, []string{"<div", "onclick"}},
		{"inline html", "a <b>bold</b> c\n", []string{"a bold c"}, []string{"<b>"}},
		{"safe link", "[x](https://example.com/a?b=1&c=2)\n", []string{`<a href="https://example.com/a?b=1&amp;c=2">x</a>`}, nil},
		{"mail link", "[mail](mailto:an@example.com)\n", []string{`href="mailto:an@example.com"`}, nil},
		{"relative link", "[doc](../doc.md#top)\n", []string{`href="../doc.md#top"`}, nil},
		{"javascript link", "[x](javascript:alert(1))\n", []string{"<p>x</p>"}, []string{"href", "javascript"}},
		{"entity hides javascript", "[x](&#106;avascript:alert(1))\n", []string{"<p>x</p>"}, []string{"href"}},
		{"escape hides javascript", "[x](javascript\\:alert(1))\n", []string{"<p>x</p>"}, []string{"href"}},
		{"data link", "[x](data:text/html,hi)\n", []string{"<p>x</p>"}, []string{"href"}},
		{"image becomes link", "![logo](https://example.com/logo.png)\n", []string{`<a href="https://example.com/logo.png">logo</a>`}, []string{"<img"}},
		{"unsafe image", "![x](javascript:alert(1))\n", []string{"<p>x</p>"}, []string{"<img", "javascript"}},
		{"autolink", "see www.example.com\n", []string{`href="http://www.example.com"`}, nil},
		{"code keeps text", "`<script>`\n", []string{"<code>&lt;script&gt;</code>"}, []string{"<script>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := bodyHTML([]byte(tt.md))
			if err != nil {
				t.Fatal(err)
			}
			got := string(h)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(strings.ToLower(got), strings.ToLower(n)) {
					t.Errorf("got %q, want no %q", got, n)
				}
			}
		})
	}
}

func TestRenderSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		safe bool
	}{
		{"https://example.com", true},
		{"HTTP://example.com", true},
		{"mailto:a@example.com", true},
		{"#top", true},
		{"../a/b.html", true},
		{"a/b:c", true},
		{"", false},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"vbscript:x", false},
		{"data:text/html,x", false},
		{"file:///etc/passwd", false},
		{"//evil.example/x", true}, // a web address without scheme: a link, never loaded
	}
	for _, tt := range tests {
		if got := safeURL(tt.url); got != tt.safe {
			t.Errorf("safeURL(%q) = %v, want %v", tt.url, got, tt.safe)
		}
	}
}

// TestRenderHostile renders a POP whose every field and body holds
// markup meant to run script, with hostile names and sign-off texts, and
// checks nothing active reaches the page.
func TestRenderHostile(t *testing.T) {
	doc := renderFixture(t, "hostile.md")
	people, _, err := repo.ParsePeople("people.yaml", []byte(`- id: "<script>alert('employee')</script>"
  name: "<img src=x onerror=alert('name')>"
  email: x@example.com
`))
	if err != nil {
		t.Fatal(err)
	}
	so := testSignOff(signoff.RoleEmployee, "x", signoff.DecisionDisagreed)
	so.Reason = "<script>alert('reason')</script>"
	so.Key = "\"><script>alert('key')</script>"
	so.Method = "<img src=x onerror=alert('method')>"
	so.Commit = "<script>alert(1)</script>"
	st := &signoff.Status{State: signoff.Changed, Employee: so,
		Changed: []string{"<script>alert('field')</script>"},
		Invalid: []signoff.Finding{{Commit: "<b>", Reason: "<script>alert('finding')</script>", Hint: "<img src=x onerror=1>"}}}
	for _, state := range []*signoff.Status{st, nil} {
		got := renderString(t, POP{Doc: doc, Names: renderNames(people), SignOff: state,
			SignOffError: "<script>alert('error')</script>", Today: renderToday,
			Due:       Due{Goals: map[string]When{"x": Overdue}, Conversation: Upcoming},
			IndexHref: "../index.html"})
		renderAssertInert(t, got)
		if strings.Contains(got, "must not show") {
			t.Error("a template comment reached the page")
		}
		if !strings.Contains(got, "&lt;script&gt;alert(&#39;goal&#39;)&lt;/script&gt;") {
			t.Error("the goal's text is not shown escaped")
		}
	}
	var b bytes.Buffer
	err = WriteIndex(&b, Index{Today: renderToday, People: []IndexPerson{{
		ID: "<script>", Name: "<img src=x onerror=1>", Manager: "<script>alert(1)</script>",
		Latest: "<b>", SignOff: st.State, Href: "javascript:alert(1)",
		Overdue: []DueItem{{Kind: DueFollowUp, Goal: "<script>alert('goal')</script>"}},
		Older:   []IndexLink{{Date: "<script>", Href: "x\" onclick=\"alert(1)"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	renderAssertInert(t, b.String())
}

// renderAssertInert fails when a page holds anything that runs script or
// fetches: script and embedding elements, event handler attributes,
// links with other schemes than http, https and mailto, a second style
// sheet, or CSS that loads.
func renderAssertInert(t *testing.T, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	styles := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("page does not tokenize: %v", z.Err())
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "iframe", "object", "embed", "img", "image", "link", "base", "form", "frame",
			"frameset", "audio", "video", "source", "input", "button", "use", "foreignobject", "details":
			t.Errorf("page has a <%s> element", tok.Data)
		case "style":
			styles++
		case "meta":
			for _, a := range tok.Attr {
				if a.Key == "http-equiv" && strings.EqualFold(a.Val, "refresh") {
					t.Error("page has a meta refresh")
				}
			}
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s> has an event handler %s=%q", tok.Data, a.Key, a.Val)
			case key == "style" && !((tok.Data == "th" || tok.Data == "td") && renderAlignStyle.MatchString(a.Val)):
				// Goldmark aligns table cells with a style attribute;
				// nothing else may carry one.
				t.Errorf("<%s> has a style attribute %q", tok.Data, a.Val)
			case key == "src" || key == "srcset" || key == "action" || key == "formaction" || key == "xlink:href" || key == "poster" || key == "background":
				t.Errorf("<%s> has %s=%q", tok.Data, a.Key, a.Val)
			case key == "href" && tok.Data != "a":
				t.Errorf("<%s> has href=%q", tok.Data, a.Val)
			case key == "href" && !safeURL(a.Val) && a.Val != "#ZgotmplZ":
				t.Errorf("<a> has href=%q", a.Val)
			}
		}
	}
	if styles != 1 {
		t.Errorf("page has %d style elements, want 1", styles)
	}
	if strings.Contains(strings.ToLower(page), "url(") || strings.Contains(page, "@import") {
		t.Error("page CSS loads something")
	}
}

var renderAlignStyle = regexp.MustCompile(`^text-align:(left|right|center)$`)

func TestIsRenderOutput(t *testing.T) {
	page := renderString(t, POP{Doc: renderFixture(t, "jan.md"), Today: renderToday})
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"a rendered page", page, true},
		{"a page of someone", "<!DOCTYPE html><html><head><title>mine</title></head><body>hi</body></html>", false},
		{"tag quoted in the title", "<html><head><title>" + GeneratorTag + "</title>", false},
		{"tag far down", strings.Repeat(" ", 2000) + GeneratorTag, false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsOutput([]byte(tt.data)); got != tt.want {
				t.Errorf("IsOutput = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRenderTimeline(t *testing.T) {
	doc := renderFixture(t, "jan.md")
	l := labelsFor("nl")
	tl := timelineOf(doc, renderToday, renderDue["jan.md"].Passed, l)
	if tl == nil || len(tl.Rows) != 3 {
		t.Fatalf("timeline = %+v, want 3 rows", tl)
	}
	if tl.Today == nil || tl.Next == nil || tl.Start == nil {
		t.Fatal("timeline lacks today, the next conversation or the start")
	}
	if !(tl.Start.X < tl.Today.X && tl.Today.X < tl.Next.X) {
		t.Errorf("markers out of order: start %d today %d next %d", tl.Start.X, tl.Today.X, tl.Next.X)
	}
	// conflicten: +1m follow-up on 2026-12-20, update on 2026-12-10: overdue.
	if fu := tl.Rows[0].FollowUps; len(fu) != 1 || fu[0].Class != "overdue" {
		t.Errorf("conflicten follow-ups = %+v, want one overdue", fu)
	}
	if !tl.Rows[2].Ongoing || tl.Rows[2].X2 != tl.PlotRight {
		t.Errorf("an ongoing goal should run to the right edge: %+v", tl.Rows[2])
	}

	// Far-off dates keep the picture bounded.
	far := *doc
	far.Goals = append([]pop.Goal(nil), doc.Goals...)
	far.Goals[0].Timing = pop.Timing{Raw: "9999-Q4", Kind: pop.TimingQuarter, End: pop.NewDate(9999, 12, 31)}
	far.Goals[1].Timing = pop.Timing{Raw: "0001-01", Kind: pop.TimingMonth, End: pop.NewDate(1, 1, 31)}
	tl = timelineOf(&far, renderToday, nil, l)
	if len(tl.Ticks) > 30 {
		t.Errorf("%d ticks for a far-off range", len(tl.Ticks))
	}
	for _, r := range tl.Rows {
		if r.X1 < tl.PlotLeft || r.X2 > tl.PlotRight {
			t.Errorf("row outside the plot: %+v", r)
		}
	}

	if timelineOf(&pop.Doc{}, renderToday, nil, l) != nil {
		t.Error("a POP without a date should have no timeline")
	}
}

// FuzzRenderPage renders whatever a POP file may hold and checks the
// page stays inert: no script, no handlers, no fetches.
func FuzzRenderPage(f *testing.F) {
	for _, name := range []string{"jan.md", "priya.md", "hostile.md"} {
		data, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := pop.Parse("pop/x/2026-01-01.md", data)
		var b bytes.Buffer
		if err := WritePage(&b, POP{Doc: doc, Today: renderToday, Due: renderDue["jan.md"],
			SignOff: &signoff.Status{State: signoff.Unsigned}}); err != nil {
			t.Fatal(err)
		}
		renderAssertInert(t, b.String())
	})
}

func BenchmarkRenderPage(b *testing.B) {
	in := POP{Doc: renderFixture(b, "jan.md"), Names: renderNames(renderPeople(b)),
		SignOff: renderStates()["agreed"], Today: renderToday, Due: renderDue["jan.md"]}
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePage(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderIndex1000(b *testing.B) {
	idx := Index{Lang: "nl", Today: renderToday}
	for i := range 1000 {
		id := "person-" + itoa(i)
		idx.People = append(idx.People, IndexPerson{ID: id, Name: id, Latest: "2026-11-20", Href: id + "/2026-11-20.html",
			SignOff: signoff.Agreed, Next: pop.NewDate(2027, 1, 15),
			Overdue: []DueItem{{Kind: DueFollowUp, Goal: "Beter leren omgaan met conflicten", Date: pop.NewDate(2026, 12, 20)}}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteIndex(io.Discard, idx); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderAccessible holds the pages to what axe found missing: every
// table header has a text (a visually hidden one where the column needs
// no visible name), and every link outside the notes' prose is a target
// the style sheet makes at least 24 × 24 px.
func TestRenderAccessible(t *testing.T) {
	people := renderPeople(t)
	var pages []string
	for _, st := range renderStates() {
		pages = append(pages, renderString(t, POP{Doc: renderFixture(t, "jan.md"), Names: renderNames(people),
			SignOff: st, Today: renderToday, Due: renderDue["jan.md"], IndexHref: "../index.html"}))
	}
	var b bytes.Buffer
	if err := WriteIndex(&b, Index{Lang: "nl", Today: renderToday, People: []IndexPerson{
		{ID: "jan", Name: "Jan", Latest: "2026-11-20", Href: "jan/2026-11-20.html", SignOff: signoff.Agreed,
			Older: []IndexLink{{Date: "2025-11-03", Href: "jan/2025-11-03.html"}}},
	}}); err != nil {
		t.Fatal(err)
	}
	pages = append(pages, b.String())
	if !regexp.MustCompile(`\.back a, #people a \{[^}]*min-width: 24px;[^}]*min-height: 24px;`).MatchString(string(css)) {
		t.Error("the style sheet no longer makes the links 24 × 24 px")
	}
	for _, page := range pages {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node, in []string)
		walk = func(n *html.Node, in []string) {
			if n.Type == html.ElementNode {
				in = append(in, n.Data+"#"+attr(n, "id")+"."+attr(n, "class"))
				switch n.Data {
				case "th":
					if strings.TrimSpace(textOf(n)) == "" {
						t.Errorf("an empty table header in %s", strings.Join(in, " > "))
					}
				case "a":
					ok := false
					for _, a := range in {
						ok = ok || strings.HasPrefix(a, "nav#.back") || strings.HasPrefix(a, "table#people.") || a == "div#.md"
					}
					if !ok {
						t.Errorf("a link outside .back, #people and the notes: %s", strings.Join(in, " > "))
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, in)
			}
		}
		walk(doc, nil)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var s strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.WriteString(textOf(c))
	}
	return s.String()
}
