package repo

import (
	"errors"
	"testing"

	"github.com/popdev/pop/internal/pop"
)

func TestParsePeopleErrorPosition(t *testing.T) {
	tests := []struct {
		name string
		data string
		pos  pop.Pos
	}{
		{"bad YAML", "- id: a\n  name: x\n  email: [\n", pop.Pos{Line: 3, Col: 1}},
		{"not a list", "# people\nid: a\n", pop.Pos{Line: 2, Col: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParsePeople(".pop/people.yaml", []byte(tt.data))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a ConfigError", err)
			}
			if ce.Pos != tt.pos || ce.Path != ".pop/people.yaml" {
				t.Errorf("got %s:%v, want %v", ce.Path, ce.Pos, tt.pos)
			}
		})
	}
}
