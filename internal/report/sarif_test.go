package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/popdev/pop/internal/check"
	"github.com/popdev/pop/internal/pop"
)

// sarifSchemaModule is a Go module that ships the SARIF 2.1.0 schema
// (OASIS errata 01) among its test data. The schema is not copied into
// this repository: the test takes it from the module cache, fetching the
// module through the Go module proxy when it is not there yet.
const (
	sarifSchemaModule = "github.com/securego/gosec/v2@v2.30.0"
	sarifSchemaFile   = "report/sarif/testdata/sarif-schema-2.1.0.json"
)

// sarifSchema compiles the SARIF 2.1.0 schema with format checks on.
// The library's "uri" and "uri-reference" accept what Go's url.Parse
// does (a space, brackets, non-ASCII); they are replaced by the grammar
// of RFC 3986, which the schema means and code scanning applies.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", sarifSchemaModule).Output()
	var mod struct{ Dir string }
	if err == nil {
		err = json.Unmarshal(out, &mod)
	}
	if err != nil || mod.Dir == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go mod download %s: %v", sarifSchemaModule, err)
		}
		t.Skipf("the SARIF schema comes with %s, which could not be downloaded: %v", sarifSchemaModule, err)
	}
	f, err := os.Open(filepath.Join(mod.Dir, filepath.FromSlash(sarifSchemaFile)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uri-reference", Validate: strictURI})
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: strictURI})
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCheckSARIFSchema validates pop's SARIF against the SARIF 2.1.0
// schema, with file names that are not URIs as they stand.
func TestCheckSARIFSchema(t *testing.T) {
	schema := sarifSchema(t)
	res := checkResult(t)
	for _, name := range []string{"pop/jan peeters/2026-11-20.md", "pop/a#b/100%.md", "pop/[x]/één.md", "pop/c:d/x.md"} {
		res.Findings = append(res.Findings, check.Finding{Path: name, Pos: pop.Pos{Line: 1, Col: 1}, Rule: "yaml-syntax", Severity: check.Error, Message: "m"})
	}
	var b bytes.Buffer
	if err := WriteCheckSARIF(&b, res, CheckSARIFOptions{Version: "v1.0.0"}); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SARIF output is not valid SARIF 2.1.0: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range log.Runs[0].Results {
		uris = append(uris, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	all := strings.Join(uris, "\n")
	for _, want := range []string{"pop/jan%20peeters/2026-11-20.md", "pop/a%23b/100%25.md", "pop/%5Bx%5D/%C3%A9%C3%A9n.md", "pop/c%3Ad/x.md"} {
		if !strings.Contains(all, want) {
			t.Errorf("no uri %s in\n%s", want, all)
		}
	}
}

// TestSARIFSchemaRejects makes sure the schema test can fail: the raw
// path with a space is not a uri-reference.
func TestSARIFSchemaRejects(t *testing.T) {
	bad := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"pop"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"pop/a b/[x].md"}}}]}]}]}`
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err == nil {
		t.Error("the schema accepts a uri with a space and brackets")
	}
}

// strictURI checks a URI reference against RFC 3986's character rules:
// only unreserved and reserved characters and %XX escapes; brackets only
// around a host; one # at most.
func strictURI(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	host := strings.HasPrefix(s, "//") || strings.Contains(s, "://")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~:/?#@!$&'()*+,;=", c) >= 0:
		case (c == '[' || c == ']') && host:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return fmt.Errorf("%q: character %q at %d is not allowed in a URI", s, c, i)
		}
	}
	if strings.Count(s, "#") > 1 {
		return fmt.Errorf("%q: more than one #", s)
	}
	return nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
