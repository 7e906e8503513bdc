package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"

	"github.com/popdev/pop/internal/check"
	"github.com/popdev/pop/internal/safe"
)

// SARIF 2.1.0 output for code scanning. Only the parts pop fills are
// modelled; the names follow the specification.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

// CheckSARIFOptions say what the SARIF log names.
type CheckSARIFOptions struct {
	Version string // pop's version
	// Path turns a root-relative path into one relative to the git work
	// tree, which code scanning resolves against; nil keeps it.
	Path func(rel string) string
}

// FingerprintKey names pop's partial fingerprint in SARIF results.
const FingerprintKey = "popFinding/v1"

// WriteCheckSARIF writes findings as a SARIF 2.1.0 log with the metadata
// of every rule. artifactLocation.uri is the path with each segment
// percent-encoded (safe.URIPath): a space, %, #, [, ] or a non-ASCII
// letter in a file name would make it an invalid URI, and a # would point
// code scanning at another file. Each result has a partial fingerprint made of its rule,
// path and field (or message, for findings without a field), so that code
// scanning keeps tracking a finding when lines above it move.
func WriteCheckSARIF(w io.Writer, res *check.Result, o CheckSARIFOptions) error {
	path := o.Path
	if path == nil {
		path = func(rel string) string { return rel }
	}
	driver := sarifDriver{Name: "pop", Version: o.Version, InformationURI: "https://github.com/popdev/pop", Rules: []sarifRule{}}
	index := map[string]int{}
	for i, r := range check.Rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               r.ID,
			ShortDescription: sarifText{Text: r.Summary},
			FullDescription:  sarifText{Text: r.Summary + ": " + r.Why},
			Help: sarifText{
				Text:     "Why: " + r.Why + ". Fix: " + r.Fix + ".",
				Markdown: "**Why:** " + r.Why + ".\n\n**Fix:** " + r.Fix + ".",
			},
			DefaultConfiguration: sarifRuleConfig{Level: string(r.Severity)},
		})
	}
	results := []sarifResult{}
	seen := map[string]int{}
	for _, f := range res.Findings {
		msg := f.Message
		if f.Hint != "" {
			msg += " (hint: " + f.Hint + ")"
		}
		uri := path(f.Path)
		what := f.Field
		if what == "" {
			what = f.Message
		}
		key := f.Rule + "\x00" + uri + "\x00" + what
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		i, ok := index[f.Rule]
		if !ok {
			i = -1
		}
		results = append(results, sarifResult{
			RuleID: f.Rule, RuleIndex: i, Level: string(f.Severity),
			Message: sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: safe.URIPath(uri)},
				Region:           sarifRegion{StartLine: f.Pos.Line, StartColumn: f.Pos.Col},
			}}},
			PartialFingerprints: map[string]string{FingerprintKey: hex.EncodeToString(sum[:16])},
		})
	}
	return WriteJSON(w, sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: results}},
	})
}
