package seal

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/popdev/pop/internal/pop"
)

// Armor lines of an age file in ASCII armor.
const (
	armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
	armorEnd   = "-----END AGE ENCRYPTED FILE-----"
)

// MaxSize is the largest sealed file Parse reads: a clear POP of
// pop.MaxSize grows by a third in armor, plus the clear front matter.
const MaxSize = pop.MaxSealedSize

// File is a sealed file as anyone sees it without a key.
type File struct {
	// Clear is the clear front matter without its delimiters; ClearLine
	// the line of its first byte.
	Clear     []byte
	ClearLine int
	// Shared lists the ids a prep note is shared with, from the clear
	// front matter.
	Shared []string
	// Agreement and Progress are the two sealed blocks, in that order.
	Agreement, Progress Block
}

// Block is one armored age file of a sealed POP.
type Block struct {
	Name   string // "agreement" or "progress"
	Line   int    // line of the BEGIN line in the file
	Armor  []byte // the block as it stands in the file, BEGIN to END line
	Binary []byte // the age file the armor holds
	Header Header
}

// Payload returns the encrypted payload: the nonce and the STREAM
// ciphertext, everything after the header.
func (b Block) Payload() []byte { return b.Binary[b.Header.Len:] }

// FormatError is a sealed file that is not what Seal writes: bad armor,
// a broken age header, missing or extra blocks.
type FormatError struct {
	Line  int
	Block string // "agreement", "progress" or "" for the file as a whole
	Msg   string
}

func (e *FormatError) Error() string {
	if e.Block != "" {
		return fmt.Sprintf("line %d: %s block: %s", e.Line, e.Block, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// IsSealed reports whether data's front matter has a top-level sealed
// key: a cheap test that reads no YAML.
func IsSealed(data []byte) bool { return pop.IsSealed(data) }

// Parse reads a sealed file without any key: the clear front matter, the
// armor of both blocks and their age headers. It checks everything that
// can be checked without a key; a flipped byte in a payload shows only
// when the block is opened.
func Parse(data []byte) (*File, error) {
	f, start, err := parseBlocks(data)
	if err != nil {
		return nil, err
	}
	root, err := pop.UnmarshalYAML(f.Clear)
	if err != nil {
		return nil, &FormatError{Line: f.ClearLine, Msg: "clear front matter is not valid YAML"}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &FormatError{Line: f.ClearLine, Msg: "clear front matter is not a mapping"}
	}
	top := root.Content[0]
	switch v := value(top, "sealed"); {
	case v == nil:
		return nil, &FormatError{Line: f.ClearLine, Msg: "no sealed key: the file is not sealed"}
	case v.Kind != yaml.ScalarNode || v.Value != Format:
		return nil, &FormatError{Line: start + v.Line, Msg: fmt.Sprintf("sealed: want %s", Format)}
	}
	if v := value(top, "shared"); v != nil {
		if v.Kind != yaml.SequenceNode {
			return nil, &FormatError{Line: start + v.Line, Msg: "shared must be a list of person ids"}
		}
		for _, s := range v.Content {
			if s.Kind != yaml.ScalarNode {
				return nil, &FormatError{Line: start + s.Line, Msg: "shared must be a list of person ids"}
			}
			f.Shared = append(f.Shared, s.Value)
		}
	}
	return f, nil
}

// ParseEnvelope is Parse for a caller that has read the clear front
// matter already, as pop check has with pop.Parse: the blocks and their
// headers, with File.Shared left empty and the sealed: value unchecked.
func ParseEnvelope(data []byte) (*File, error) {
	f, _, err := parseBlocks(data)
	return f, err
}

// parseBlocks finds the clear front matter and reads the two blocks
// after it; start is the 0-based line of the front matter's first line.
func parseBlocks(data []byte) (f *File, start int, err error) {
	if len(data) > MaxSize {
		return nil, 0, &FormatError{Line: 1, Msg: fmt.Sprintf("file is %d KiB, more than the %d KiB a sealed POP may be", (len(data)+1023)/1024, MaxSize>>10)}
	}
	// Lines are walked by offset: a team's check reads thousands of
	// these files, and a slice per line was a tenth of its time.
	line, off := 0, 0
	next := func() ([]byte, bool) {
		if off >= len(data) {
			return nil, false
		}
		l := data[off:]
		if i := bytes.IndexByte(l, '\n'); i >= 0 {
			l = l[:i+1]
		}
		off += len(l)
		line++
		return l, true
	}
	first, ok := next()
	if !ok || !isDelim(first) {
		return nil, 0, &FormatError{Line: 1, Msg: "no front matter between --- lines"}
	}
	clearStart := off
	for {
		l, ok := next()
		if !ok {
			return nil, 0, &FormatError{Line: 1, Msg: "no front matter between --- lines"}
		}
		if isDelim(l) {
			f = &File{Clear: data[clearStart : off-len(l)], ClearLine: 2}
			break
		}
	}
	var blocks []Block
	for {
		at := off
		l, ok := next()
		if !ok {
			break
		}
		t := strings.TrimRight(string(l), "\r\n")
		if t == "" {
			continue
		}
		if t != armorBegin {
			return nil, 0, &FormatError{Line: line, Msg: "want an age block (" + armorBegin + ") after the front matter"}
		}
		name := "agreement"
		if len(blocks) == 1 {
			name = "progress"
		}
		if len(blocks) == 2 {
			return nil, 0, &FormatError{Line: line, Msg: "more than two sealed blocks"}
		}
		beginLine := line
		closed := false
		for {
			l, ok := next()
			if !ok {
				break
			}
			if string(bytes.TrimRight(l, "\r\n")) == armorEnd {
				closed = true
				break
			}
		}
		if !closed {
			return nil, 0, &FormatError{Line: beginLine, Block: name, Msg: "no " + armorEnd + " line"}
		}
		b := Block{Name: name, Line: beginLine, Armor: data[at:off]}
		bin, err := dearmor(b.Armor)
		if err != nil {
			return nil, 0, &FormatError{Line: beginLine, Block: name, Msg: "bad armor: " + strings.TrimPrefix(err.Error(), "invalid armor: ")}
		}
		b.Binary = bin
		if b.Header, err = parseHeader(bin); err != nil {
			return nil, 0, &FormatError{Line: beginLine, Block: name, Msg: err.Error()}
		}
		blocks = append(blocks, b)
	}
	if len(blocks) != 2 {
		return nil, 0, &FormatError{Line: max(line, 1), Msg: fmt.Sprintf("want two sealed blocks (agreement, progress), found %d", len(blocks))}
	}
	f.Agreement, f.Progress = blocks[0], blocks[1]
	return f, 1, nil
}

// PayloadEqual reports whether two sealed blocks — armored or binary age
// files — carry the same encrypted payload. The payload is encrypted
// under a key derived from the file key and a nonce that is part of it,
// and authenticated: equal payload bytes that open at all open to equal
// plaintext, whoever the header wraps the key to. pop verify uses it to
// see that a reseal left an agreement unchanged. Blocks that do not parse
// are not equal.
func PayloadEqual(a, b []byte) bool {
	pa, err := payloadOf(a)
	if err != nil {
		return false
	}
	pb, err := payloadOf(b)
	return err == nil && bytes.Equal(pa, pb)
}

func payloadOf(b []byte) ([]byte, error) {
	if bytes.HasPrefix(bytes.TrimLeft(b, "\r\n\t "), []byte(armorBegin)) {
		var err error
		if b, err = dearmor(bytes.TrimLeft(b, "\r\n\t ")); err != nil {
			return nil, err
		}
	}
	h, err := parseHeader(b)
	if err != nil {
		return nil, err
	}
	return b[h.Len:], nil
}

// AgreementEqual reports whether two versions of a sealed file have the
// same agreement block payload; the clear front matter is for the caller
// to compare. An error says which version does not parse.
func AgreementEqual(old, new []byte) (bool, error) {
	a, err := Parse(old)
	if err != nil {
		return false, fmt.Errorf("old version: %w", err)
	}
	b, err := Parse(new)
	if err != nil {
		return false, fmt.Errorf("new version: %w", err)
	}
	return bytes.Equal(a.Agreement.Payload(), b.Agreement.Payload()), nil
}
