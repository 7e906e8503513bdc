package progress

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// buffer is a bytes.Buffer the bar's timer may write to.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *buffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *buffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func (w *buffer) Reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Reset()
}

// eventually waits until cond holds, for at most two seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestSilentWhenNotATerminal(t *testing.T) {
	var w buffer
	for _, b := range []*Bar{New(&w, false, 10, "render"), New(&w, true, 0, "render"), newBar(&w, false, -1, "commit", 0)} {
		b.Add(5)
		fmt.Fprintln(b.Wrap(&w), "pop: warning: x")
		b.Done()
	}
	time.Sleep(20 * time.Millisecond)
	if got := w.String(); got != strings.Repeat("pop: warning: x\n", 3) {
		t.Errorf("wrote %q, want the warnings only", got)
	}
}

func TestDrawsOnATerminal(t *testing.T) {
	var w buffer
	b := newBar(&w, true, 3, "render", 0)
	b.Add(1)
	// The first drawing may come just before the step, and the library
	// draws at most every 100 ms: a step of nothing asks for the drawing
	// again until it shows the count.
	eventually(t, "the bar", func() bool {
		b.Add(0)
		return strings.Contains(w.String(), "render") && strings.Contains(w.String(), "1/3")
	})
	w.Reset()
	fmt.Fprintln(b.Wrap(&w), "pop: warning: x")
	if got := w.String(); !strings.HasPrefix(got, "\r") || !strings.HasSuffix(got, "\rpop: warning: x\n") {
		t.Errorf("a warning must clear the bar first: %q", got)
	}
	w.Reset()
	b.Done()
	b.Done()
	if got := strings.TrimSpace(w.String()); got != "" {
		t.Errorf("Done must leave a blank line, wrote %q", w.String())
	}
}

func TestSpinnerForUnknownLength(t *testing.T) {
	var w buffer
	b := newBar(&w, true, -1, "commit", 0)
	eventually(t, "the spinner", func() bool { return strings.Contains(w.String(), "commit") })
	b.Done()
	time.Sleep(250 * time.Millisecond) // two spinner ticks
	w.Reset()
	time.Sleep(250 * time.Millisecond)
	if w.String() != "" {
		t.Errorf("the spinner went on after Done: %q", w.String())
	}
}

func TestQuietBeforeTheDelay(t *testing.T) {
	var w buffer
	b := newBar(&w, true, 3, "render", time.Hour)
	b.Add(1)
	b.Add(1)
	b.Done()
	if got := w.String(); got != "" {
		t.Errorf("a short run drew a bar: %q", got)
	}
}
