// Package benchrepo builds large POP repositories for benchmarks: many
// POPs, sign-offs signed in-process with ed25519 keys, and many other
// commits, written straight into one git packfile so that a history of
// 100,000 commits takes seconds, not hours.
package benchrepo

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// Options size the repository.
type Options struct {
	People      int // employees; each has POPs/People POPs
	Managers    int
	POPs        int
	Commits     int // in all: POP commits, sign-offs and other commits
	SourceFiles int // files outside the POP folder that other commits change
	Seed        int64
}

// Default is the repository of the verify benchmark: 10,000 POPs, 20,000
// sign-offs, 100,000 commits.
var Default = Options{People: 2500, Managers: 250, POPs: 10000, Commits: 100000, SourceFiles: 100, Seed: 1}

type hashT [20]byte

// packWriter writes objects into a packfile, as full objects or as
// offset deltas against an earlier object.
type packWriter struct {
	w       *bufio.Writer
	f       *os.File
	sum     hash.Hash
	off     int64
	n       uint32
	offsets map[hashT]int64
	z       *zlib.Writer
	buf     bytes.Buffer
}

func objectID(typ string, data []byte) hashT {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", typ, len(data))
	h.Write(data)
	var id hashT
	copy(id[:], h.Sum(nil))
	return id
}

var typeCode = map[string]byte{"commit": 1, "tree": 2, "blob": 3}

func (p *packWriter) write(b []byte) {
	p.w.Write(b)
	p.sum.Write(b)
	p.off += int64(len(b))
}

func (p *packWriter) header(t byte, size int) {
	b := []byte{t<<4 | byte(size&0x0f)}
	size >>= 4
	for size > 0 {
		b[len(b)-1] |= 0x80
		b = append(b, byte(size&0x7f))
		size >>= 7
	}
	p.write(b)
}

func (p *packWriter) deflate(data []byte) {
	p.buf.Reset()
	p.z.Reset(&p.buf)
	p.z.Write(data)
	p.z.Close()
	p.write(p.buf.Bytes())
}

// add writes a full object and returns its id.
func (p *packWriter) add(typ string, data []byte) hashT {
	id := objectID(typ, data)
	if _, ok := p.offsets[id]; ok {
		return id
	}
	p.offsets[id] = p.off
	p.header(typeCode[typ], len(data))
	p.deflate(data)
	p.n++
	return id
}

// addDelta writes data as a delta against base, which shares a prefix
// and a suffix with it.
func (p *packWriter) addDelta(typ string, base hashT, baseData, data []byte) hashT {
	id := objectID(typ, data)
	if _, ok := p.offsets[id]; ok {
		return id
	}
	pre := 0
	for pre < len(baseData) && pre < len(data) && baseData[pre] == data[pre] {
		pre++
	}
	suf := 0
	for suf < len(baseData)-pre && suf < len(data)-pre && baseData[len(baseData)-1-suf] == data[len(data)-1-suf] {
		suf++
	}
	var d []byte
	d = appendVarint(d, len(baseData))
	d = appendVarint(d, len(data))
	d = appendCopy(d, 0, pre)
	mid := data[pre : len(data)-suf]
	for len(mid) > 0 {
		n := min(len(mid), 127)
		d = append(d, byte(n))
		d = append(d, mid[:n]...)
		mid = mid[n:]
	}
	d = appendCopy(d, len(baseData)-suf, suf)
	start := p.off
	p.offsets[id] = start
	p.header(6, len(d))
	// OFS_DELTA: negative offset to the base, big-endian base-128 with +1.
	rel := start - p.offsets[base]
	enc := []byte{byte(rel & 0x7f)}
	for rel >>= 7; rel > 0; rel >>= 7 {
		rel--
		enc = append([]byte{byte(0x80 | rel&0x7f)}, enc...)
	}
	p.write(enc)
	p.deflate(d)
	p.n++
	return id
}

func appendVarint(b []byte, n int) []byte {
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n > 0 {
			c |= 0x80
		}
		b = append(b, c)
		if n == 0 {
			return b
		}
	}
}

func appendCopy(b []byte, off, size int) []byte {
	for size > 0 {
		n := min(size, 0xffffff)
		op := byte(0x80)
		var args []byte
		for i := 0; i < 4; i++ {
			if v := byte(off >> (8 * i)); v != 0 {
				op |= 1 << i
				args = append(args, v)
			}
		}
		for i := 0; i < 3; i++ {
			if v := byte(n >> (8 * i)); v != 0 {
				op |= 1 << (4 + i)
				args = append(args, v)
			}
		}
		b = append(append(b, op), args...)
		off += n
		size -= n
	}
	return b
}

// entry is a tree entry.
type entry struct {
	name string
	mode string
	id   hashT
}

func treeData(es []entry) []byte {
	sort.Slice(es, func(i, j int) bool { return treeKey(es[i]) < treeKey(es[j]) })
	var b bytes.Buffer
	for _, e := range es {
		b.WriteString(e.mode + " " + e.name + "\x00")
		b.Write(e.id[:])
	}
	return b.Bytes()
}

func treeKey(e entry) string {
	if e.mode == "40000" {
		return e.name + "/"
	}
	return e.name
}

// Build writes a git repository with a POP root at dir. It needs git (for
// git init and git index-pack).
func Build(dir string, o Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if out, err := exec.Command("git", "init", "-q", "-b", "main", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("git init: %v\n%s", err, out)
	}
	packDir := filepath.Join(dir, ".git", "objects", "pack")
	f, err := os.Create(filepath.Join(packDir, "tmp.pack"))
	if err != nil {
		return err
	}
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	p := &packWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), sum: sha1.New(), offsets: map[hashT]int64{}, z: z}
	p.write([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00")) // count patched at the end

	// People and keys: deterministic keys from the seed.
	type person struct {
		id, name, email, manager string
		key                      ssh.Signer
	}
	seed := make([]byte, 32)
	newKey := func(i int) ssh.Signer {
		binary.BigEndian.PutUint64(seed, uint64(o.Seed))
		binary.BigEndian.PutUint64(seed[8:], uint64(i))
		s, _ := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(seed))
		return s
	}
	var people []person
	for i := 0; i < o.Managers; i++ {
		id := fmt.Sprintf("manager-%04d", i)
		people = append(people, person{id: id, name: "Manager " + id, email: id + "@example.com", key: newKey(i)})
	}
	for i := 0; i < o.People; i++ {
		id := fmt.Sprintf("employee-%05d", i)
		people = append(people, person{id: id, name: "Employee " + id, email: id + "@example.com",
			manager: people[i%o.Managers].id, key: newKey(o.Managers + i)})
	}
	var reg, signers bytes.Buffer
	for _, pp := range people {
		fmt.Fprintf(&reg, "- id: %s\n  name: %s\n  email: %s\n", pp.id, pp.name, pp.email)
		if pp.manager != "" {
			fmt.Fprintf(&reg, "  manager: %s\n", pp.manager)
		}
		fmt.Fprintln(&signers, repo.SignerLine(pp.email, pp.key.PublicKey()))
	}
	dotPop := p.add("tree", treeData([]entry{
		{"people.yaml", "100644", p.add("blob", reg.Bytes())},
		{"allowed_signers", "100644", p.add("blob", signers.Bytes())},
	}))
	config := p.add("blob", []byte("lang: en\n"))

	// State of the tree.
	src := make([]hashT, o.SourceFiles)
	for i := range src {
		src[i] = p.add("blob", fmt.Appendf(nil, "package src\n\n// File %d, version 0.\n", i))
	}
	srcTree := func() hashT {
		es := make([]entry, len(src))
		for i, h := range src {
			es[i] = entry{fmt.Sprintf("file%03d.go", i), "100644", h}
		}
		return p.add("tree", treeData(es))
	}
	curSrc := srcTree()
	personTrees := map[string][]entry{}
	personTree := map[string]hashT{}
	var popTree hashT
	var popData []byte
	popVersions := 0
	root := func() hashT {
		es := []entry{{".pop.yaml", "100644", config}, {".pop", "40000", dotPop}, {"src", "40000", curSrc}}
		if popVersions > 0 {
			es = append(es, entry{"pop", "40000", popTree})
		}
		return p.add("tree", treeData(es))
	}
	when := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	var parent hashT
	var signOffs []hashT
	hasParent := false
	commits := 0
	commit := func(tree hashT, author string, msg string, key ssh.Signer) error {
		when = when.Add(7 * time.Minute)
		var b bytes.Buffer
		fmt.Fprintf(&b, "tree %x\n", tree)
		if hasParent {
			fmt.Fprintf(&b, "parent %x\n", parent)
		}
		fmt.Fprintf(&b, "author %s %d +0000\ncommitter %s %d +0000\n", author, when.Unix(), author, when.Unix())
		data := b.Bytes()
		if key != nil {
			payload := append(append(append([]byte{}, data...), '\n'), msg...)
			sig, err := sshsig.Sign(bytes.NewReader(payload), key, sshsig.HashSHA512, "git")
			if err != nil {
				return err
			}
			armored := strings.TrimSuffix(string(sshsig.Armor(sig)), "\n")
			data = append(data, "gpgsig "+strings.ReplaceAll(armored, "\n", "\n ")+"\n"...)
		}
		data = append(append(data, '\n'), msg...)
		parent, hasParent = p.add("commit", data), true
		if key != nil {
			signOffs = append(signOffs, parent)
		}
		commits++
		return nil
	}
	if err := commit(root(), "Setup <setup@example.com>", "Set up the POP repository\n", nil); err != nil {
		return err
	}
	others := o.Commits - 1 - 3*o.POPs
	perPOP := others / o.POPs
	extra := others - perPOP*o.POPs
	employees := people[o.Managers:]
	byID := map[string]person{}
	for _, pp := range people {
		byID[pp.id] = pp
	}
	for i := 0; i < o.POPs; i++ {
		emp := employees[i%len(employees)]
		date := time.Date(2021+i/len(employees), time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		content := popContent(emp.id, emp.manager, date, i)
		blob := p.add("blob", content)
		name := date + ".md"
		personTrees[emp.id] = append(personTrees[emp.id], entry{name, "100644", blob})
		personTree[emp.id] = p.add("tree", treeData(append([]entry{}, personTrees[emp.id]...)))
		es := make([]entry, 0, len(personTree))
		for id, h := range personTree {
			es = append(es, entry{id, "40000", h})
		}
		data := treeData(es)
		if popVersions%50 == 0 {
			popTree = p.add("tree", data)
		} else {
			popTree = p.addDelta("tree", popTree, popData, data)
		}
		popData = data
		popVersions++
		rel := "pop/" + emp.id + "/" + name
		if err := commit(root(), "HR <hr@example.com>", "Add the POP of "+emp.id+"\n", nil); err != nil {
			return err
		}
		n := perPOP
		if i < extra {
			n++
		}
		for k := 0; k < n; k++ {
			f := (i*7 + k) % len(src)
			src[f] = p.add("blob", fmt.Appendf(nil, "package src\n\n// File %d, version %d.\n", f, commits))
			curSrc = srcTree()
			if err := commit(root(), "Dev <dev@example.com>", fmt.Sprintf("Change file%03d.go\n", f), nil); err != nil {
				return err
			}
		}
		sum := sha256Hex(content)
		for _, role := range []signoff.Role{signoff.RoleEmployee, signoff.RoleManager} {
			signer := emp
			if role == signoff.RoleManager {
				signer = byID[emp.manager]
			}
			msg := signoff.Message(role, signoff.DecisionAgreed, rel, sum, "")
			if err := commit(root(), signer.name+" <"+signer.email+">", msg, signer.key); err != nil {
				return err
			}
		}
	}
	// Finish the pack: object count, trailer, index.
	p.w.Flush()
	f.Seek(8, io.SeekStart)
	binary.Write(f, binary.BigEndian, p.n)
	f.Seek(0, io.SeekStart)
	h := sha1.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	f.Write(h.Sum(nil))
	f.Close()
	cmd := exec.Command("git", "index-pack", "tmp.pack")
	cmd.Dir = packDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git index-pack: %v\n%s", err, out)
	}
	name := filepath.Join(packDir, fmt.Sprintf("pack-%x", h.Sum(nil)))
	if err := os.Rename(filepath.Join(packDir, "tmp.pack"), name+".pack"); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(packDir, "tmp.idx"), name+".idx"); err != nil {
		return err
	}
	// Every sign-off is kept under refs/pop/sign-offs, as pop sign does.
	var refs bytes.Buffer
	refs.WriteString("# pack-refs with: peeled fully-peeled sorted \n")
	fmt.Fprintf(&refs, "%x refs/heads/main\n", parent)
	sort.Slice(signOffs, func(i, j int) bool { return bytes.Compare(signOffs[i][:], signOffs[j][:]) < 0 })
	for _, id := range signOffs {
		fmt.Fprintf(&refs, "%x %s%x\n", id, signoff.SignOffRefPrefix, id)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "packed-refs"), refs.Bytes(), 0o644); err != nil {
		return err
	}
	cmd = exec.Command("git", "reset", "-q", "--hard")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git reset: %v\n%s", err, out)
	}
	return nil
}

func sha256Hex(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// popContent is a POP of the usual size, different per index.
func popContent(employee, manager, date string, i int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\npop: 1\nkind: pop\nemployee: %s\nmanager: %s\ndate: %s\nnext_conversation: %s\ngoals:\n", employee, manager, date, date[:4]+"-12-31")
	for g := 0; g < 3; g++ {
		fmt.Fprintf(&b, "  - id: goal-%d\n    goal: Goal %d of POP %d\n    measure: training\n    action: Follow a course\n    timing: ongoing\n    support: Time and budget\n    follow_up: next\n    status: planned\n", g, g, i)
	}
	b.WriteString("---\n\n")
	for _, s := range []string{"Opening", "Looking back", "Development needs", "Plan", "Wrap-up"} {
		fmt.Fprintf(&b, "## %s\n\nNotes for section %s of POP %d. %s\n\n", s, s, i, strings.Repeat("Lorem ipsum dolor sit amet. ", 4))
	}
	return b.Bytes()
}
