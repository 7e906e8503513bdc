package seal

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
	"golang.org/x/crypto/hkdf"
)

// The age file format (age-encryption.org/v1, c2sp.org/age): a text
// header of recipient stanzas closed by a MAC line, then the binary
// payload (a 16-byte nonce and the STREAM-encrypted plaintext). age's
// public API encrypts and decrypts whole files; it has no call that
// replaces the header and keeps the payload. rewrap does that with the
// parts the API does give — an Identity to learn the file key, Recipients
// to wrap it again — and writes the header and its MAC exactly as the
// format prescribes. Everything else is age's own code.

const (
	ageIntro      = "age-encryption.org/v1\n"
	stanzaColumns = 64
	maxStanzas    = 256
)

var b64 = base64.RawStdEncoding.Strict()

// Header is the parsed header of an age file: what anyone can see
// without a key.
type Header struct {
	Stanzas []age.Stanza
	MAC     []byte
	// Len is the header's length in bytes; the payload follows it.
	Len int
}

// parseHeader reads the header of a binary age file. It accepts exactly
// what age writes and refuses everything else, so that two files with
// the same payload bytes and valid headers differ only in who can open
// them.
func parseHeader(b []byte) (Header, error) {
	var h Header
	if !bytes.HasPrefix(b, []byte(ageIntro)) {
		return h, errors.New("not an age file: missing age-encryption.org/v1 line")
	}
	off := len(ageIntro)
	line := func() (string, error) {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return "", errors.New("header ends early")
		}
		s := string(b[off : off+i])
		off += i + 1
		return s, nil
	}
	for {
		l, err := line()
		if err != nil {
			return h, err
		}
		if rest, ok := strings.CutPrefix(l, "--- "); ok {
			mac, err := b64.DecodeString(rest)
			if err != nil || len(mac) != 32 {
				return h, errors.New("malformed header MAC")
			}
			h.MAC, h.Len = mac, off
			return h, nil
		}
		rest, ok := strings.CutPrefix(l, "-> ")
		if !ok {
			return h, fmt.Errorf("malformed header line %d", len(h.Stanzas)+2)
		}
		if len(h.Stanzas) == maxStanzas {
			return h, fmt.Errorf("more than %d recipients", maxStanzas)
		}
		args := strings.Split(rest, " ")
		for _, a := range args {
			if !validArg(a) {
				return h, errors.New("malformed recipient stanza")
			}
		}
		s := age.Stanza{Type: args[0], Args: args[1:]}
		for {
			l, err := line()
			if err != nil {
				return h, err
			}
			if len(l) > stanzaColumns {
				return h, errors.New("malformed stanza body: line too long")
			}
			body, err := b64.DecodeString(l)
			if err != nil {
				return h, errors.New("malformed stanza body")
			}
			s.Body = append(s.Body, body...)
			if len(l) < stanzaColumns {
				break
			}
		}
		h.Stanzas = append(h.Stanzas, s)
	}
}

func validArg(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 33 || s[i] > 126 {
			return false
		}
	}
	return true
}

// marshalStanzas writes the header up to and including "---": the bytes
// the header MAC covers.
func marshalStanzas(w *bytes.Buffer, stanzas []*age.Stanza) {
	w.WriteString(ageIntro)
	for _, s := range stanzas {
		w.WriteString("->")
		for _, a := range append([]string{s.Type}, s.Args...) {
			w.WriteString(" " + a)
		}
		w.WriteString("\n")
		body := b64.EncodeToString(s.Body)
		for len(body) >= stanzaColumns {
			w.WriteString(body[:stanzaColumns] + "\n")
			body = body[stanzaColumns:]
		}
		w.WriteString(body + "\n")
	}
	w.WriteString("---")
}

// headerMAC is HMAC-SHA-256 over the header, keyed with
// HKDF-SHA-256(ikm = file key, salt = empty, info = "header").
func headerMAC(fileKey, header []byte) []byte {
	key := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, fileKey, nil, []byte("header")), key); err != nil {
		panic("seal: hkdf: " + err.Error())
	}
	m := hmac.New(sha256.New, key)
	m.Write(header)
	return m.Sum(nil)
}

// rewrap returns the age file bin with its file key wrapped to to and the
// payload kept byte for byte.
func rewrap(bin, fileKey []byte, to []age.Recipient) ([]byte, error) {
	h, err := parseHeader(bin)
	if err != nil {
		return nil, err
	}
	var stanzas []*age.Stanza
	for i, r := range to {
		s, err := r.Wrap(fileKey)
		if err != nil {
			return nil, fmt.Errorf("wrap the key for recipient %d: %v", i+1, err)
		}
		stanzas = append(stanzas, s...)
	}
	var out bytes.Buffer
	marshalStanzas(&out, stanzas)
	mac := headerMAC(fileKey, out.Bytes())
	out.WriteString(" " + b64.EncodeToString(mac) + "\n")
	out.Write(bin[h.Len:])
	return out.Bytes(), nil
}

// keyCatcher is an Identity that remembers the file key the identity it
// wraps unwraps, so that the file can be rewrapped after age has checked
// its header MAC and payload.
type keyCatcher struct {
	age.Identity
	key *[]byte
}

func (k keyCatcher) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	key, err := k.Identity.Unwrap(stanzas)
	if err == nil {
		*k.key = append([]byte(nil), key...)
	}
	return key, err
}

// decrypt opens a binary age file with ids and returns the plaintext and
// the file key. The whole payload is read, so a changed byte anywhere is
// an error here.
func decrypt(bin []byte, ids []age.Identity) (plain, fileKey []byte, err error) {
	if len(ids) == 0 {
		return nil, nil, ErrNoIdentity
	}
	caught := make([]age.Identity, len(ids))
	for i, id := range ids {
		caught[i] = keyCatcher{id, &fileKey}
	}
	r, err := age.Decrypt(bytes.NewReader(bin), caught...)
	if err != nil {
		return nil, nil, err
	}
	plain, err = io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	return plain, fileKey, nil
}

// encrypt seals plain to recipients as a binary age file.
func encrypt(plain []byte, to []age.Recipient) ([]byte, error) {
	var b bytes.Buffer
	w, err := age.Encrypt(&b, to...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// armorBytes ASCII-armors a binary age file as age -a does.
func armorBytes(bin []byte) []byte {
	var b bytes.Buffer
	w := armor.NewWriter(&b)
	w.Write(bin)
	w.Close()
	return b.Bytes()
}

// dearmor decodes one armored block by the rules of age's armor reader
// (filippo.io/age/armor): PEM of type AGE ENCRYPTED FILE, lines of at
// most 64 columns each decoded strictly on its own, the first short line
// the last, at most 1 KiB of blank space around it. It reads from memory
// without age's line buffer, which pop check does for every sealed file
// of a team; FuzzDearmor holds it to age's reader.
func dearmor(block []byte) ([]byte, error) {
	const maxWhitespace = 1024
	fail := func(msg string) ([]byte, error) { return nil, errors.New("invalid armor: " + msg) }
	rest := block
	ws := 0
	for {
		line, next, ok := cutLine(rest)
		if !ok {
			return fail("unexpected EOF")
		}
		rest = next
		if len(bytes.TrimSpace(line)) == 0 {
			if ws += len(line) + 1; ws > maxWhitespace {
				return fail("too much leading whitespace")
			}
			continue
		}
		if string(line) != armor.Header {
			return fail("invalid first line")
		}
		break
	}
	trailing := func(rest []byte) error {
		if len(rest) > maxWhitespace {
			rest = rest[:maxWhitespace]
		}
		if len(bytes.TrimSpace(rest)) != 0 {
			return errors.New("invalid armor: trailing data after armored file")
		}
		if len(rest) == maxWhitespace {
			return errors.New("invalid armor: too much trailing whitespace")
		}
		return nil
	}
	out := make([]byte, 0, len(rest)/4*3)
	var buf [48]byte
	for {
		line, next, ok := cutLine(rest)
		if !ok {
			return fail("unexpected EOF")
		}
		rest = next
		if string(line) == armor.Footer {
			return out, trailing(rest)
		}
		if len(line) > 64 {
			return fail("column limit exceeded")
		}
		n, err := base64.StdEncoding.Strict().Decode(buf[:], line)
		if err != nil {
			return nil, fmt.Errorf("invalid armor: %w", err)
		}
		out = append(out, buf[:n]...)
		if n < len(buf) {
			line, next, ok := cutLine(rest)
			if !ok {
				return fail("unexpected EOF")
			}
			if string(line) != armor.Footer {
				return fail("invalid closing line")
			}
			return out, trailing(next)
		}
	}
}

// cutLine cuts the first line off b, without its LF and a CR before it;
// ok is false when b is empty.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	if len(b) == 0 {
		return nil, nil, false
	}
	line, rest = b, nil
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line, rest = b[:i], b[i+1:]
	}
	return bytes.TrimSuffix(line, []byte("\r")), rest, true
}

// ErrNoIdentity is returned when a block is to be opened without any
// identity at all.
var ErrNoIdentity = errors.New("no identity to open sealed text with")
