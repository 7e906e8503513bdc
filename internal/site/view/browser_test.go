package view

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/popdev/pop/internal/pop"
)

// chromium finds a headless-capable Chromium, or skips the test where
// none is installed. On CI (CI=true) a missing browser fails instead:
// .ci/run installs it, so its absence there is a broken setup.
func chromium(t *testing.T) string {
	t.Helper()
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	if p := os.Getenv("POP_CHROMIUM"); p != "" {
		names = []string{p}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no Chromium found (looked for " + strings.Join(names, ", ") + "); .ci/run installs the Debian package chromium")
	}
	t.Skip("browser test skipped: Chromium is not installed (Debian: apt-get install chromium, or set POP_CHROMIUM)")
	return ""
}

// runChromium runs headless Chromium on a page with the flags that keep
// it from talking to the network or a profile, and returns its stdout.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-quic", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
		// Offline: no name resolves, so nothing leaves the machine.
		"--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// TestRenderInBrowser opens rendered pages in headless Chromium: the DOM
// it builds holds the goals table and the sign-off state, no script ran
// or was added, a screenshot shows a drawn page, and printing gives A4
// pages. Set POP_RENDER_SHOTS=DIR to keep the screenshots and the PDF.
func TestRenderInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	people := renderPeople(t)
	states := renderStates()
	write := func(name string, in POP) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(renderString(t, in)), 0o644); err != nil {
			t.Fatal(err)
		}
		return "file://" + p
	}
	jan := write("jan.html", POP{Doc: renderFixture(t, "jan.md"), Names: renderNames(people),
		SignOff: states["changed"], Today: renderToday, Due: renderDue["jan.md"]})
	// Jan's POP with Dutch compounds too long for any column.
	long := renderFixture(t, "jan.md")
	long.Goals = append([]pop.Goal(nil), long.Goals...)
	long.Goals[0].Goal = "Conflictbeheersingsvaardigheidsontwikkelingstraject"
	long.Goals[0].Action = "Conflicthanteringsvaardigheidstrainingsprogrammadeelname en arbeidsongeschiktheidsverzekeringsmaatschappijvertegenwoordigersbijeenkomst"
	long.Goals[0].Support = "Opleidingsbudgetaanvraagformulierverwerkingsprocedure"
	longPage := write("long.html", POP{Doc: long, Names: renderNames(people),
		SignOff: states["agreed"], Today: renderToday, Due: renderDue["jan.md"]})
	hostile := write("hostile.html", POP{Doc: renderFixture(t, "hostile.md"), Names: renderNames(people),
		SignOff: states["disagreed"], Today: renderToday})

	t.Run("dom", func(t *testing.T) {
		dom := string(runChromium(t, bin, "--dump-dom", jan))
		for _, want := range []string{
			`<table id="goals">`,
			`<tr id="goal-conflicten"`, `<tr id="goal-tech-lead"`, `<tr id="goal-testen"`,
			"Beter leren omgaan met conflicten",
			`data-state="changed"`, `id="changed-warning"`, "gewijzigd na ondertekening",
			"SHA256:q7V1nQ3v5m3bq0Fv4m2XjQyZ1gM8YlQzq3hX0wq2c1E",
			"<svg", `class="marker today"`, `class="marker next"`,
		} {
			if !strings.Contains(dom, want) {
				t.Errorf("the browser's DOM lacks %s", want)
			}
		}
		if n := strings.Count(dom, `<tr id="goal-`); n != 3 {
			t.Errorf("DOM has %d goal rows, want 3", n)
		}
		// The parsed <table> holds the headers in the POP's language.
		if !regexp.MustCompile(`(?s)<table id="goals">.*<th>VTO\(C\)-maatregel</th>.*</table>`).MatchString(dom) {
			t.Error("goals table has no measure column")
		}
	})

	t.Run("hostile", func(t *testing.T) {
		netlog := filepath.Join(dir, "hostile-net.json")
		dom := string(runChromium(t, bin, "--log-net-log="+netlog, "--dump-dom", hostile))
		if !strings.Contains(dom, `<table id="goals">`) {
			t.Fatal("the hostile page did not load")
		}
		// What the browser built from the page is as inert as the page.
		renderAssertInert(t, dom)
		// The page asked for none of the addresses in the POP (Chromium's
		// own calls home are not the page's).
		for _, u := range requestedURLs(t, netlog) {
			if strings.Contains(u, "example") {
				t.Errorf("the page made a request to %s", u)
			}
		}
	})

	t.Run("netlog control", func(t *testing.T) {
		// The request check above can fail: a page with an image is seen
		// fetching it.
		p := filepath.Join(dir, "control.html")
		if err := os.WriteFile(p, []byte(`<html><body><img src="https://evil.example/control.png"></body></html>`), 0o644); err != nil {
			t.Fatal(err)
		}
		netlog := filepath.Join(dir, "control-net.json")
		runChromium(t, bin, "--log-net-log="+netlog, "--dump-dom", "file://"+p)
		found := false
		for _, u := range requestedURLs(t, netlog) {
			found = found || u == "https://evil.example/control.png"
		}
		if !found {
			t.Error("the net log does not show the control page's image request")
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		shot := filepath.Join(dir, "jan.png")
		runChromium(t, bin, "--window-size=1200,1800", "--screenshot="+shot, jan)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		b := img.Bounds()
		if b.Dx() != 1200 || b.Dy() != 1800 {
			t.Errorf("screenshot is %dx%d, want 1200x1800", b.Dx(), b.Dy())
		}
		// A drawn page has many colours: text, badges, the timeline.
		colours := map[[3]uint32]bool{}
		for y := b.Min.Y; y < b.Max.Y; y += 7 {
			for x := b.Min.X; x < b.Max.X; x += 7 {
				r, g, bl, _ := img.At(x, y).RGBA()
				colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			}
		}
		if len(colours) < 20 {
			t.Errorf("screenshot has %d colours; the page looks blank", len(colours))
		}
		keep(t, shot)
	})

	t.Run("phone", func(t *testing.T) {
		// At 390 px the goals table reads as cards: every column shows,
		// so the status badges (the 7th of 8 columns, off-screen in a
		// table 760 px wide) are drawn. Their fill is a colour only they
		// have on this page.
		shot := filepath.Join(dir, "jan-390.png")
		runChromium(t, bin, "--window-size=390,3200", "--screenshot="+shot, jan)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		badge := 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r>>8 == 0xe8 && g>>8 == 0xef && bl>>8 == 0xfa { // --info-bg, .badge.in-progress
					badge++
				}
			}
		}
		if badge < 200 {
			t.Errorf("at 390 px the in-progress badge shows %d pixels; the goals table does not fit the phone", badge)
		}
		keep(t, shot)
	})

	t.Run("print", func(t *testing.T) {
		pdf := filepath.Join(dir, "jan.pdf")
		runChromium(t, bin, "--no-pdf-header-footer", "--print-to-pdf="+pdf, jan)
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatal("print-to-pdf did not write a PDF")
		}
		pages := regexp.MustCompile(`/Type\s*/Page\b`).FindAll(data, -1)
		if len(pages) < 1 || len(pages) > 3 {
			t.Errorf("the POP prints on %d pages, want 1 to 3", len(pages))
		}
		// A4 is 595 × 842 points.
		box := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 (59[45](?:\.\d+)?) (84[12](?:\.\d+)?)\s*\]`)
		if !box.Match(data) {
			t.Errorf("the PDF's pages are not A4: %s", regexp.MustCompile(`/MediaBox\s*\[[^\]]*\]`).Find(data))
		}
		keep(t, pdf)
	})

	t.Run("print long words", func(t *testing.T) {
		// Long compounds break inside their column: every column of the
		// goals table is on the A4 page, and no word runs past its right
		// margin (12 mm: 561 of 595 points).
		pdftotext := pdfTool(t)
		pdf := filepath.Join(dir, "long.pdf")
		runChromium(t, bin, "--no-pdf-header-footer", "--print-to-pdf="+pdf, longPage)
		out, err := exec.Command(pdftotext, "-bbox", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := string(out)
		for _, want := range []string{">Laatste<", ">stand<", ">Status<", ">gepland<", ">bezig<"} {
			if !strings.Contains(text, want) {
				t.Errorf("the printed page lacks the word %s: a column fell off the page", want)
			}
		}
		for _, m := range regexp.MustCompile(`xMax="([0-9.]+)"`).FindAllStringSubmatch(text, -1) {
			if x, _ := strconv.ParseFloat(m[1], 64); x > 562 {
				t.Errorf("a word ends at %.0f pt, past the right margin (561 pt)", x)
				break
			}
		}
		keep(t, pdf)
	})
}

// pdfTool finds pdftotext (Debian: poppler-utils) or skips; on CI a
// missing tool fails, as for Chromium.
func pdfTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("pdftotext"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but pdftotext is missing; .ci/run installs the Debian package poppler-utils")
	}
	t.Skip("print check skipped: pdftotext is not installed (Debian: apt-get install poppler-utils)")
	return ""
}

// requestedURLs returns the URLs in a Chromium net log.
func requestedURLs(t *testing.T, netlog string) []string {
	t.Helper()
	data, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`"url":"([^"]*)"`).FindAllSubmatch(data, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// keep copies a browser artefact to POP_RENDER_SHOTS, for a person to
// look at.
func keep(t *testing.T, path string) {
	dir := os.Getenv("POP_RENDER_SHOTS")
	if dir == "" {
		return
	}
	data, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	}
	if err != nil {
		t.Logf("keep %s: %v", path, err)
	}
}
