package followup

import (
	"testing"
	"unicode/utf8"
)

func TestParseBudget(t *testing.T) {
	tests := []struct {
		in   string
		want string // Money.String(), "" when unreadable
	}{
		{"450 EUR", "450 EUR"},
		{"EUR 450", "450 EUR"},
		{"450EUR", "450 EUR"},
		{"€450", "450 EUR"},
		{"450 €", "450 EUR"},
		{"$ 99.99", "99.99 USD"},
		{"£12", "12 GBP"},
		{"395 USD", "395 USD"},
		{"1200 EUR", "1200 EUR"},
		{"1.200 EUR", "1200 EUR"},
		{"1,200 EUR", "1200 EUR"},
		{"1 200 EUR", "1200 EUR"},
		{"1.200,50 EUR", "1200.50 EUR"},
		{"1,200.50 EUR", "1200.50 EUR"},
		{"1.234.567 EUR", "1234567 EUR"},
		{"12,5 EUR", "12.50 EUR"},
		{"12.05 EUR", "12.05 EUR"},
		{"0 EUR", "0 EUR"},
		{"  450 EUR  ", "450 EUR"},
		{"", ""},
		{"450", ""},
		{"EUR", ""},
		{"veel EUR", ""},
		{"450 eur", ""},
		{"450 EURO", ""},
		{"ABCD 1", ""},
		{"-450 EUR", ""},
		{"1.2.3 EUR", ""},
		{"1..2 EUR", ""},
		{"12.345,678 EUR", ""},
		{"1,20.50 EUR", ""},
		{"1.200.50 EUR", ""},
		{"450 EUR per jaar", ""},
		{"about 450 EUR", ""},
		{"99999999999999 EUR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, ok := ParseBudget(tt.in)
			got := ""
			if ok {
				got = m.String()
			}
			if got != tt.want {
				t.Errorf("ParseBudget(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseBudget(f *testing.F) {
	for _, s := range []string{"450 EUR", "€1.200,50", "1,200.50 USD", "EUR 1 200", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseBudget(s)
		if !ok {
			return
		}
		if m.Cents < 0 || m.Cents > maxCents || len(m.Currency) != 3 || !utf8.ValidString(m.Currency) {
			t.Fatalf("ParseBudget(%q) = %+v", s, m)
		}
		// What it reads, it reads again the same way.
		again, ok := ParseBudget(m.String())
		if !ok || again != m {
			t.Fatalf("ParseBudget(%q) = %+v, but %q reads as %+v %v", s, m, m.String(), again, ok)
		}
	})
}
