package pop

// ScanPlainYAML lets the external tests see whether the fast path is taken.
var ScanPlainYAML = scanPlainYAML
