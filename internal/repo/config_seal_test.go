package repo

import (
	"strings"
	"testing"
)

func TestConfigSealReaders(t *testing.T) {
	c, err := ParseConfig(".pop.yaml", []byte("seal: true\nreaders: [hr-lies, hr-tom]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Seal || strings.Join(c.Readers, ",") != "hr-lies,hr-tom" {
		t.Errorf("seal %v, readers %v", c.Seal, c.Readers)
	}
	if c, _ := ParseConfig(".pop.yaml", []byte("lang: en\n")); c.Seal {
		t.Errorf("a .pop.yaml without seal seals")
	}
	for _, bad := range []string{"seal: yes please\n", "readers: hr-lies\n", "readers: [[a]]\n"} {
		if _, err := ParseConfig(".pop.yaml", []byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestPeopleAge(t *testing.T) {
	p, probs, err := ParsePeople("people.yaml", []byte("- {id: hr, name: HR, email: hr@example.com, age: age1xyz}\n"))
	if err != nil || len(probs) != 0 {
		t.Fatal(err, probs)
	}
	if per, _ := p.Get("hr"); per.Age != "age1xyz" {
		t.Errorf("age = %q", per.Age)
	}
}
