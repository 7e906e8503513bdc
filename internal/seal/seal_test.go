package seal

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
)

// needTool skips a test when a program is missing, and fails it in CI,
// where every interoperability test must run.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; CI must run this test", name)
		}
		t.Skipf("%s is not installed", name)
	}
}

// person is a test user with an SSH key made by ssh-keygen.
type person struct {
	id   string
	priv string // path of the private key
	pub  ssh.PublicKey
	ids  []age.Identity
	to   Recipient
}

func newPerson(t *testing.T, id, typ string) person {
	t.Helper()
	needTool(t, "ssh-keygen")
	dir := t.TempDir()
	priv := filepath.Join(dir, "id_"+typ)
	args := []string{"-q", "-t", typ, "-N", "", "-C", id, "-f", priv}
	if typ == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pubData, err := os.ReadFile(priv + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(pubData)
	if err != nil {
		t.Fatal(err)
	}
	privData, err := os.ReadFile(priv)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := ParseIdentity(priv, privData, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := SSHRecipient(id, pub)
	if err != nil {
		t.Fatal(err)
	}
	return person{id: id, priv: priv, pub: pub, ids: ids, to: r}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pops", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// planTexts are phrases of the fixture that must never show in a sealed
// file.
var planTexts = []string{"Mentor the two new hires", "Weekly pairing", "Both new hires ship", "Course licence", "Priya asked", "incident reviews", "Write production services"}

func TestSplitJoinRoundTrip(t *testing.T) {
	for _, name := range []string{"valid/pop-en.md", "valid/pop-nl.md", "valid/pop-nl-crlf.md", "model/pop-nl.md", "model/prep-nl.md", "model/pop-crlf.md"} {
		t.Run(name, func(t *testing.T) {
			doc := fixture(t, name)
			p, err := Split(doc, nil)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Join(p.Agreement, p.Progress)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, doc) {
				t.Fatalf("join(split(doc)) differs:\n%s", back)
			}
			if bytes.Contains(p.Agreement, []byte("status:")) || bytes.Contains(p.Agreement, []byte("updates:")) {
				t.Errorf("agreement keeps a progress field:\n%s", p.Agreement)
			}
		})
	}
}

func TestSplitClearFields(t *testing.T) {
	p, err := Split(fixture(t, "valid/pop-en.md"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `pop: 1
kind: pop
employee: priya-raman
manager: an-janssens
date: 2026-04-23
next_conversation: 2026-11-11
sealed: age-v1
goals:
  - id: mentoring
    measure: coaching
    timing: ongoing
    follow_up: next
    status: in-progress
    updates:
      - {date: 2026-08-23}
  - id: rust
    measure: training
    timing: 2027-04-23
    follow_up: 2026-08-01
    budget: 300 EUR
    status: done
`
	if string(p.Clear) != want {
		t.Errorf("clear front matter:\n%s\nwant:\n%s", p.Clear, want)
	}
}

func TestProgressUpdateKeepsAgreement(t *testing.T) {
	doc := fixture(t, "valid/pop-en.md")
	a, err := Split(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	upd := bytes.Replace(doc, []byte("    status: in-progress\n"), []byte("    status: done\n"), 1)
	upd = bytes.Replace(upd, []byte("        note: Both new hires ship on their own now\n"),
		[]byte("        note: Both new hires ship on their own now\n      - date: 2026-10-01\n        note: Done\n"), 1)
	b, err := Split(upd, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Agreement, b.Agreement) {
		t.Errorf("a progress update changed the agreement text")
	}
	if bytes.Equal(a.Progress, b.Progress) {
		t.Errorf("a progress update left the progress text as it was")
	}
}

func TestSealOpen(t *testing.T) {
	emp, mgr, other := newPerson(t, "priya-raman", "ed25519"), newPerson(t, "an-janssens", "rsa"), newPerson(t, "bob", "ed25519")
	doc := fixture(t, "valid/pop-en.md")
	sealed, err := Seal(doc, Options{To: []Recipient{emp.to, mgr.to}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range planTexts {
		if bytes.Contains(sealed, []byte(s)) {
			t.Errorf("sealed file holds plan text %q", s)
		}
	}
	if !IsSealed(sealed) || IsSealed(doc) {
		t.Errorf("IsSealed is wrong")
	}
	for _, p := range []person{emp, mgr} {
		got, _, err := Open(sealed, p.ids)
		if err != nil {
			t.Fatalf("%s: %v", p.id, err)
		}
		if !bytes.Equal(got, doc) {
			t.Errorf("%s opens another text:\n%s", p.id, got)
		}
	}
	crlf := bytes.ReplaceAll(sealed, []byte("\n"), []byte("\r\n"))
	if got, _, err := Open(crlf, emp.ids); err != nil || !bytes.Equal(got, doc) {
		t.Errorf("a CRLF checkout of a sealed file: %v", err)
	}
	_, _, err = Open(sealed, other.ids)
	var oe *OpenError
	if !errors.As(err, &oe) || !oe.NoKey || oe.Block != "agreement" {
		t.Fatalf("a third person's key: got %v", err)
	}
	if len(oe.Stanzas) != 2 || !emp.to.Matches(oe.Stanzas) || !mgr.to.Matches(oe.Stanzas) || other.to.Matches(oe.Stanzas) {
		t.Errorf("stanzas do not show the recipients: %+v", oe.Stanzas)
	}
}

func TestSealStableBytes(t *testing.T) {
	emp, mgr, hr := newPerson(t, "priya-raman", "ed25519"), newPerson(t, "an-janssens", "ed25519"), newPerson(t, "hr", "ed25519")
	doc := fixture(t, "valid/pop-en.md")
	first, err := Seal(doc, Options{To: []Recipient{emp.to, mgr.to}})
	if err != nil {
		t.Fatal(err)
	}
	prev, err := Parse(first)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Seal(doc, Options{To: []Recipient{emp.to, mgr.to}, Prev: prev, Identities: emp.ids})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Errorf("re-sealing unchanged text changed the file")
	}

	// A progress update: the agreement block keeps its bytes.
	upd := bytes.Replace(doc, []byte("    status: in-progress\n"), []byte("    status: done\n"), 1)
	progressed, err := Seal(upd, Options{To: []Recipient{emp.to, mgr.to}, Prev: prev, Identities: mgr.ids})
	if err != nil {
		t.Fatal(err)
	}
	pf, err := Parse(progressed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pf.Agreement.Armor, prev.Agreement.Armor) {
		t.Errorf("a progress update changed the agreement block")
	}
	if bytes.Equal(pf.Progress.Armor, prev.Progress.Armor) {
		t.Errorf("a progress update kept the progress block")
	}

	// A reader added: the payloads stay, the headers change.
	wider, err := Seal(doc, Options{To: []Recipient{emp.to, mgr.to, hr.to}, Prev: prev, Identities: emp.ids})
	if err != nil {
		t.Fatal(err)
	}
	wf, err := Parse(wider)
	if err != nil {
		t.Fatal(err)
	}
	if !PayloadEqual(wf.Agreement.Armor, prev.Agreement.Armor) || !PayloadEqual(wf.Progress.Binary, prev.Progress.Binary) {
		t.Errorf("rewrap changed a payload")
	}
	if same, err := AgreementEqual(first, wider); err != nil || !same {
		t.Errorf("AgreementEqual after rewrap = %v, %v", same, err)
	}
	if bytes.Equal(wf.Agreement.Armor, prev.Agreement.Armor) {
		t.Errorf("rewrap kept the header")
	}
	got, _, err := Open(wider, hr.ids)
	if err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("the added reader cannot open the rewrapped file: %v", err)
	}

	// A changed goal text changes the agreement payload.
	changed := bytes.Replace(doc, []byte("Mentor the two new hires"), []byte("Mentor the three new hires"), 1)
	cf, err := Seal(changed, Options{To: []Recipient{emp.to, mgr.to}, Prev: prev, Identities: emp.ids})
	if err != nil {
		t.Fatal(err)
	}
	if same, _ := AgreementEqual(first, cf); same {
		t.Errorf("a changed goal kept the agreement payload")
	}
}

func TestFlippedByte(t *testing.T) {
	emp := newPerson(t, "priya-raman", "ed25519")
	sealed, err := Seal(fixture(t, "valid/pop-en.md"), Options{To: []Recipient{emp.to}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(sealed)
	if err != nil {
		t.Fatal(err)
	}
	// Flip one bit of the payload, re-armored so that the armor is valid.
	for _, b := range []Block{f.Agreement, f.Progress} {
		bin := append([]byte(nil), b.Binary...)
		bin[len(bin)-5] ^= 1
		bad := bytes.Replace(sealed, b.Armor, armorBytes(bin), 1)
		_, _, err := Open(bad, emp.ids)
		var oe *OpenError
		if !errors.As(err, &oe) || oe.NoKey || oe.Block != b.Name {
			t.Errorf("%s payload flipped: got %v", b.Name, err)
		}
	}
	// Flip a character of the armor itself.
	i := bytes.Index(sealed, []byte(armorBegin)) + len(armorBegin) + 10
	bad := append([]byte(nil), sealed...)
	bad[i] ^= 0x20
	if _, _, err := Open(bad, emp.ids); err == nil {
		t.Errorf("flipped armor opened")
	}
	// Clear front matter edited without a key.
	edited := bytes.Replace(sealed, []byte("budget: 300 EUR"), []byte("budget: 900 EUR"), 1)
	if _, _, err := Open(edited, emp.ids); !errors.Is(err, ErrClearMismatch) {
		t.Errorf("edited clear part: got %v", err)
	}
}

// TestAgeCLI proves the format against the age command line, an
// independent reader: each block of a sealed file and of a rewrapped
// one decrypts with age -d and the SSH key.
func TestAgeCLI(t *testing.T) {
	needTool(t, "age")
	emp, mgr, other := newPerson(t, "priya-raman", "ed25519"), newPerson(t, "an-janssens", "rsa"), newPerson(t, "bob", "ed25519")
	doc := fixture(t, "valid/pop-en.md")
	sealed, err := Seal(doc, Options{To: []Recipient{emp.to}})
	if err != nil {
		t.Fatal(err)
	}
	rewrapped, err := Rewrap(sealed, emp.ids, []Recipient{emp.to, mgr.to})
	if err != nil {
		t.Fatal(err)
	}
	ageDecrypt := func(p person, block []byte) ([]byte, error) {
		cmd := exec.Command("age", "-d", "-i", p.priv)
		cmd.Stdin = bytes.NewReader(block)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, errors.New(strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	f, _ := Parse(sealed)
	rf, err := Parse(rewrapped)
	if err != nil {
		t.Fatal(err)
	}
	parts, _ := Split(doc, nil)
	for _, c := range []struct {
		p     person
		block Block
		want  []byte
	}{
		{emp, f.Agreement, parts.Agreement},
		{emp, f.Progress, parts.Progress},
		{emp, rf.Agreement, parts.Agreement},
		{mgr, rf.Agreement, parts.Agreement},
		{mgr, rf.Progress, parts.Progress},
	} {
		got, err := ageDecrypt(c.p, c.block.Armor)
		if err != nil {
			t.Errorf("age -d -i %s %s block: %v", c.p.id, c.block.Name, err)
			continue
		}
		if !bytes.Equal(got, c.want) {
			t.Errorf("age -d of %s block gives other text", c.block.Name)
		}
	}
	if !bytes.Equal(f.Agreement.Payload(), rf.Agreement.Payload()) {
		t.Errorf("rewrap changed the payload")
	}
	if _, err := ageDecrypt(mgr, f.Agreement.Armor); err == nil {
		t.Errorf("the manager opened a block sealed to the employee alone")
	}
	if _, err := ageDecrypt(other, rf.Agreement.Armor); err == nil {
		t.Errorf("a third person opened the block")
	}
	// And the other way: a file age itself encrypts opens with this
	// package's parser and decrypt, so the header reader is not tuned to
	// our own writer.
	cmd := exec.Command("age", "-a", "-R", emp.priv+".pub", "-R", mgr.priv+".pub")
	cmd.Stdin = strings.NewReader("hello")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := dearmor(out)
	if err != nil {
		t.Fatal(err)
	}
	h, err := parseHeader(bin)
	if err != nil || len(h.Stanzas) != 2 || !emp.to.Matches(h.Stanzas) || !mgr.to.Matches(h.Stanzas) {
		t.Fatalf("header of age's own file: %+v, %v", h, err)
	}
	plain, key, err := decrypt(bin, mgr.ids)
	if err != nil || string(plain) != "hello" {
		t.Fatalf("decrypt age's file: %q, %v", plain, err)
	}
	re, err := rewrap(bin, key, []age.Recipient{other.to.r})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ageDecrypt(other, armorBytes(re)); err != nil || string(got) != "hello" {
		t.Errorf("age -d of a rewrapped age file: %q, %v", got, err)
	}
}

func TestAgeRecipient(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	r, err := AgeRecipient("hr", id.Recipient().String())
	if err != nil {
		t.Fatal(err)
	}
	doc := fixture(t, "valid/pop-en.md")
	sealed, err := Seal(doc, Options{To: []Recipient{r}})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Parse(sealed)
	if r.Visible() || r.Matches(f.Agreement.Header.Stanzas) {
		t.Errorf("an age1 recipient cannot show in a stanza")
	}
	again, err := Seal(doc, Options{To: []Recipient{r}, Prev: f, Identities: []age.Identity{id}})
	if err != nil || !bytes.Equal(again, sealed) {
		t.Errorf("unchanged re-seal to an age1 recipient changed the file: %v", err)
	}
	if _, err := AgeRecipient("hr", "age1nope"); err == nil {
		t.Errorf("a bad age1 key was accepted")
	}
}

func TestPassphraseProtectedKey(t *testing.T) {
	needTool(t, "ssh-keygen")
	emp := newPerson(t, "priya-raman", "ed25519")
	priv := filepath.Join(t.TempDir(), "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "geheim", "-f", priv).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	data, err := os.ReadFile(priv)
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	ids, err := ParseIdentity(priv, data, func() ([]byte, error) { asked++; return []byte("geheim"), nil })
	if err != nil {
		t.Fatal(err)
	}
	pubData, _ := os.ReadFile(priv + ".pub")
	pub, _, _, _, err := ssh.ParseAuthorizedKey(pubData)
	if err != nil {
		t.Fatal(err)
	}
	mgr, err := SSHRecipient("an-janssens", pub)
	if err != nil {
		t.Fatal(err)
	}
	doc := fixture(t, "valid/pop-en.md")
	onlyEmp, err := Seal(doc, Options{To: []Recipient{emp.to}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(onlyEmp, ids); err == nil || asked != 0 {
		t.Fatalf("a protected key not among the recipients: err %v, asked %d times", err, asked)
	}
	both, err := Seal(doc, Options{To: []Recipient{emp.to, mgr}})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Open(both, ids)
	if err != nil || !bytes.Equal(got, doc) || asked == 0 {
		t.Fatalf("open with a protected key: %v, asked %d times", err, asked)
	}
}

func TestKeyring(t *testing.T) {
	emp := newPerson(t, "jan-peeters", "ed25519")
	people, _, err := repo.ParsePeople("people.yaml", []byte("- {id: jan-peeters, name: Jan, email: jan@example.com, manager: an}\n- {id: an, name: An, email: an@example.com}\n- {id: hr, name: HR, email: hr@example.com, age: age1nope}\n"))
	if err != nil {
		t.Fatal(err)
	}
	signers := []repo.Signer{{Principals: []string{"jan@example.com"}, Key: emp.pub}}
	k := NewKeyring(people, signers)
	rs, err := k.For([]string{"jan-peeters"})
	if err != nil || len(rs) != 1 || rs[0].Person != "jan-peeters" {
		t.Fatalf("For(jan-peeters) = %v, %v", rs, err)
	}
	var nk *NoKeyError
	if _, err := k.For([]string{"jan-peeters", "an"}); !errors.As(err, &nk) || nk.Person != "an" || !strings.Contains(nk.Hint(), "an@example.com") {
		t.Errorf("a person without a key: %v", err)
	}
	if _, err := k.For([]string{"hr"}); err == nil || !strings.Contains(err.Error(), "people.yaml") {
		t.Errorf("a bad age key: %v", err)
	}
	if _, err := k.For([]string{"piet"}); !errors.As(err, &nk) || nk.Known {
		t.Errorf("an unknown person: %v", err)
	}
	sealed, _ := Seal(fixture(t, "valid/pop-en.md"), Options{To: rs})
	f, _ := Parse(sealed)
	if who := k.Who(f.Agreement.Header.Stanzas[0]); who != "jan-peeters" {
		t.Errorf("Who = %q", who)
	}
	if got := Readers("pop", "jan", "an", []string{"hr", "an"}, []string{"x"}); strings.Join(got, ",") != "jan,an,hr" {
		t.Errorf("Readers(pop) = %v", got)
	}
	if got := Readers("prep", "jan", "an", []string{"hr"}, []string{"an"}); strings.Join(got, ",") != "jan,an" {
		t.Errorf("Readers(prep) = %v", got)
	}
}

func TestAudit(t *testing.T) {
	emp, mgr, other := newPerson(t, "jan", "ed25519"), newPerson(t, "an", "ed25519"), newPerson(t, "bob", "ed25519")
	hr, _ := age.GenerateX25519Identity()
	hrTo, _ := AgeRecipient("hr", hr.Recipient().String())
	sealed, err := Seal(fixture(t, "valid/pop-en.md"), Options{To: []Recipient{emp.to, other.to, hrTo}})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Parse(sealed)
	if e := Audit(f.Agreement, []Recipient{emp.to, other.to, hrTo}); !e.Clean() {
		t.Errorf("audit of the recipients it was sealed to: %+v", e)
	}
	e := Audit(f.Agreement, []Recipient{emp.to, mgr.to})
	if e.Clean() || len(e.Missing) != 1 || e.Missing[0].Person != "an" || len(e.Unexpected) != 1 || e.AgeFound != 1 || e.AgeWanted != 0 {
		t.Errorf("audit against other recipients: %+v", e)
	}
}
