package pop

import (
	"bytes"
	"unicode/utf8"
)

// ParseFrontMatter reads only what Parse reads of the front matter: the
// same refusals (size, byte-order mark, UTF-8), the same fields, problems
// and positions, but no body sections. Commands that look only at dates
// and goals, such as pop overdue over a whole team, use it to skip the
// Markdown parse; a Doc from it has Body set but Sections nil.
func ParseFrontMatter(path string, data []byte) *Doc {
	d := &Doc{Path: path, Size: len(data), keys: map[string]Pos{}, values: map[string]Pos{}}
	if len(data) > MaxSize {
		return Parse(path, data) // reports the size problem the same way
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || !utf8.Valid(data) {
		return Parse(path, data)
	}
	raw, body, ok := d.split(data)
	if !ok {
		return d
	}
	d.HasFrontMatter = true
	d.decode(raw)
	d.Body = body
	return d
}
