package view

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/popdev/pop/internal/pop"
)

// bodyHTML turns a POP's Markdown body into HTML with the same goldmark
// instance pop check reads it with. Raw HTML is never passed through
// (goldmark omits it unless told otherwise), so the template's guiding
// comments and any <script> stay out of the page. On top of that, links
// keep only http, https and mailto targets, images become plain links so
// that opening the page makes no request, and headings move one level
// down under the page's own title.
func bodyHTML(body []byte) (template.HTML, error) {
	md := pop.Markdown()
	root := md.Parser().Parse(text.NewReader(body))
	var images []*ast.Image
	var raw []ast.Node
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Heading:
			if t.Level < 6 {
				t.Level++
			}
		case *ast.Link:
			if !safeDestination(t.Destination) {
				raw = append(raw, t)
			}
		case *ast.AutoLink:
			if !safeDestination(t.URL(body)) {
				// Keep the text, drop the link.
				raw = append(raw, t)
			}
		case *ast.Image:
			images = append(images, t)
		case *ast.HTMLBlock, *ast.RawHTML:
			raw = append(raw, n)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination = img.Destination
		link.Title = img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString([]byte("image")))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
		if !safeDestination(link.Destination) {
			raw = append(raw, link)
		}
	}
	for _, n := range raw {
		switch t := n.(type) {
		case *ast.AutoLink:
			n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(t.Label(body)))
			continue
		case *ast.Link:
			// Keep the link's text in its place.
			parent := n.Parent()
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, n, c)
				c = next
			}
			parent.RemoveChild(parent, n)
			continue
		}
		// Goldmark would write <!-- raw HTML omitted --> in their place;
		// removing them keeps the page free of that noise.
		n.Parent().RemoveChild(n.Parent(), n)
	}
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, body, root); err != nil {
		return "", err
	}
	// The output is goldmark's own escaped HTML of a tree without raw
	// HTML nodes and with vetted link targets.
	return template.HTML(b.String()), nil //nolint:gosec // see above
}

// safeDestination judges a link target as goldmark will write it:
// with entities and backslash escapes resolved, so that
// "&#106;avascript:" is seen for what it is.
func safeDestination(dest []byte) bool {
	return safeURL(string(util.URLEscape(dest, true)))
}

// safeURL reports whether a link target may stay a link: web and
// mail addresses, and targets without a scheme (relative paths,
// fragments). Everything else — javascript:, data:, vbscript:, file: —
// is dropped.
func safeURL(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return true
	case "":
		// No scheme: a colon before any slash would be read as one by a
		// browser that is more lenient than net/url.
		i := strings.IndexAny(s, ":/?#")
		return i < 0 || s[i] != ':'
	}
	return false
}
