package repo

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Signer is one line of an allowed-signers file, in the format git and
// ssh-keygen use (ssh-keygen(1), ALLOWED SIGNERS).
type Signer struct {
	Principals    []string // emails or patterns
	Namespaces    []string // empty means any
	ValidAfter    string
	ValidBefore   string
	CertAuthority bool
	Key           ssh.PublicKey
	Line          int
}

// ParseAllowedSigners reads an allowed-signers file. Comments and blank
// lines are skipped; a malformed line is an error naming it.
func ParseAllowedSigners(path string, data []byte) ([]Signer, error) {
	var out []Signer
	for i, line := range bytes.Split(data, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		sg, err := parseSignerLine(s)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		sg.Line = i + 1
		out = append(out, sg)
	}
	return out, nil
}

func parseSignerLine(s string) (Signer, error) {
	var sg Signer
	toks := fields(s)
	if len(toks) < 3 {
		return sg, fmt.Errorf("want principals, options, key type and key")
	}
	sg.Principals = strings.Split(unquote(toks[0]), ",")
	rest := toks[1:]
	if !isKeyType(rest[0]) {
		for _, opt := range splitOptions(rest[0]) {
			name, val, _ := strings.Cut(opt, "=")
			val = unquote(val)
			switch strings.ToLower(name) {
			case "namespaces":
				sg.Namespaces = strings.Split(val, ",")
			case "valid-after":
				sg.ValidAfter = val
			case "valid-before":
				sg.ValidBefore = val
			case "cert-authority":
				sg.CertAuthority = true
			default:
				return sg, fmt.Errorf("unknown option %q", name)
			}
		}
		rest = rest[1:]
	}
	if len(rest) < 2 {
		return sg, fmt.Errorf("missing key")
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(rest[0] + " " + rest[1]))
	if err != nil {
		return sg, fmt.Errorf("bad key: %v", err)
	}
	sg.Key = key
	return sg, nil
}

// SignerLine formats an allowed-signers line that lets email sign git
// commits with key.
func SignerLine(email string, key ssh.PublicKey) string {
	return email + ` namespaces="git" ` + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

// AllowsNamespace reports whether the signer may sign in namespace ns.
func (s Signer) AllowsNamespace(ns string) bool {
	if len(s.Namespaces) == 0 {
		return true
	}
	for _, n := range s.Namespaces {
		if n == ns {
			return true
		}
	}
	return false
}

func isKeyType(t string) bool {
	return strings.HasPrefix(t, "ssh-") || strings.HasPrefix(t, "ecdsa-") ||
		strings.HasPrefix(t, "sk-") || strings.HasPrefix(t, "rsa-")
}

// fields splits on blanks outside double quotes.
func fields(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
			cur.WriteRune(r)
		case (r == ' ' || r == '\t') && !inQuote:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// splitOptions splits an option list on commas outside double quotes.
func splitOptions(s string) []string {
	var out []string
	start, inQuote := 0, false
	for i, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == ',' && !inQuote:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
