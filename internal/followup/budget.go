package followup

import (
	"strconv"
	"strings"
	"unicode"
)

// Money is an amount in a currency, in hundredths so that sums are exact.
type Money struct {
	Currency string // ISO 4217 code, such as EUR
	Cents    int64
}

// String formats the amount with two decimals when it has cents:
// "1200 EUR", "12.50 EUR".
func (m Money) String() string {
	return FormatCents(m.Cents) + " " + m.Currency
}

// FormatCents formats hundredths as "1200" or "12.50".
func FormatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	s := sign + strconv.FormatInt(c/100, 10)
	if c%100 != 0 {
		s += "." + strconv.FormatInt(c%100/10, 10) + strconv.FormatInt(c%10, 10)
	}
	return s
}

var currencySymbols = map[string]string{"€": "EUR", "$": "USD", "£": "GBP"}

// maxCents keeps sums of many budgets far from overflowing.
const maxCents = 1e13

// ParseBudget reads a goal's budget: an amount and a currency, in either
// order, such as "450 EUR", "EUR 450", "€450", "1.200,50 EUR" or
// "1,200.50 USD". A currency is a three-letter code or €, $ or £. In the
// amount, a separator followed by exactly three digits groups thousands
// unless it is the only separator after a comma-or-dot pair; otherwise
// the last separator marks the decimals. It reports false for anything
// else; callers count such budgets without printing them.
func ParseBudget(s string) (Money, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Money{}, false
	}
	var cur, amount string
	for sym, code := range currencySymbols {
		if rest, ok := strings.CutPrefix(s, sym); ok {
			cur, amount = code, rest
		} else if rest, ok := strings.CutSuffix(s, sym); ok {
			cur, amount = code, rest
		}
	}
	if cur == "" {
		switch {
		case len(s) > 3 && isCode(s[:3]) && !isCode(s[3:4]):
			cur, amount = s[:3], s[3:]
		case len(s) > 3 && isCode(s[len(s)-3:]) && !isCode(s[len(s)-4:len(s)-3]):
			cur, amount = s[len(s)-3:], s[:len(s)-3]
		default:
			return Money{}, false
		}
	}
	cents, ok := parseAmount(strings.TrimSpace(amount))
	if !ok {
		return Money{}, false
	}
	return Money{Currency: cur, Cents: cents}, true
}

func isCode(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return len(s) == 3
}

// parseAmount reads "450", "1200.50", "1.200,50", "1,200", "1 200" into
// hundredths.
func parseAmount(s string) (int64, bool) {
	if s == "" || !unicode.IsDigit(rune(s[0])) || !unicode.IsDigit(rune(s[len(s)-1])) {
		return 0, false
	}
	// Find the separators: '.', ',' and spaces between digit groups.
	var seps []int
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' || c == ',' || c == ' ' || c == '\'':
			if i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
				return 0, false // two separators in a row
			}
			seps = append(seps, i)
		default:
			return 0, false
		}
	}
	decimal := -1
	if n := len(seps); n > 0 {
		last := seps[n-1]
		c := s[last]
		digitsAfter := len(s) - last - 1
		// The last separator marks decimals when it is a dot or comma not
		// followed by exactly three digits, or when it differs from the
		// separator before it (1.200,50).
		if c == '.' || c == ',' {
			if digitsAfter != 3 || (n > 1 && s[seps[n-2]] != c) {
				decimal = last
			}
		}
		if decimal >= 0 && digitsAfter > 2 {
			return 0, false
		}
		// Groups between thousands separators have three digits, and
		// every grouping separator is the same.
		end := len(s)
		if decimal >= 0 {
			end = decimal
		}
		var group byte
		for _, p := range seps {
			if p >= end {
				break
			}
			if group == 0 {
				group = s[p]
			} else if s[p] != group {
				return 0, false
			}
			next := end
			for _, q := range seps {
				if q > p {
					next = min(q, end)
					break
				}
			}
			if next-p-1 != 3 {
				return 0, false
			}
		}
		if decimal >= 0 && group == s[decimal] {
			return 0, false // 1.200.50
		}
	}
	var whole, frac string
	if decimal >= 0 {
		whole, frac = s[:decimal], s[decimal+1:]
	} else {
		whole = s
	}
	whole = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, whole)
	if len(whole) > 11 {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	cents := w * 100
	switch len(frac) {
	case 1:
		cents += int64(frac[0]-'0') * 10
	case 2:
		cents += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if cents > maxCents {
		return 0, false
	}
	return cents, true
}
