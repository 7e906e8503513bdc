// Package progress shows how far a long run has come, as a bar on a
// terminal, and shows nothing anywhere else: not in CI logs, not in a pipe
// or a file. The drawing is github.com/schollz/progressbar's.
package progress

import (
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// delay is how long a run goes before its bar appears: a run shorter
// than this shows none.
const delay = 500 * time.Millisecond

// Bar counts the steps of a run. A nil *Bar, and so the Bar of a writer
// that is no terminal, counts nothing and draws nothing. Its methods may
// be called from several goroutines.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	bar   *progressbar.ProgressBar
	timer *time.Timer
	done  int
	shown bool // drawn at least once
	ended bool
}

// New starts a bar of total steps, labelled label, drawn on w only when
// isTTY says w is an interactive terminal; otherwise it returns nil, a
// silent Bar. A total below zero is a run of unknown length: a spinner
// with the time gone by.
func New(w io.Writer, isTTY bool, total int, label string) *Bar {
	return newBar(w, isTTY, total, label, delay)
}

func newBar(w io.Writer, isTTY bool, total int, label string, wait time.Duration) *Bar {
	if !isTTY || total == 0 {
		return nil
	}
	if total < 0 {
		total = -1
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(label),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
	}
	if total > 0 {
		opts = append(opts, progressbar.OptionShowCount())
	}
	b := &Bar{w: w, bar: progressbar.NewOptions(total, opts...)}
	b.timer = time.AfterFunc(wait, b.show)
	return b
}

// show draws the bar for the first time, once the delay has passed.
func (b *Bar) show() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ended {
		return
	}
	b.shown = true
	_ = b.bar.Set(b.done)
	_ = b.bar.RenderBlank()
}

// Add counts n more steps done.
func (b *Bar) Add(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	if b.shown && !b.ended {
		_ = b.bar.Set(b.done)
	}
}

// Done removes the bar from the terminal, whether or not every step was
// counted. It may be called more than once.
func (b *Bar) Done() {
	if b == nil {
		return
	}
	b.timer.Stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ended {
		return
	}
	b.ended = true
	// Finish draws nothing (the bar clears on finish) and stops the
	// spinner of a run of unknown length.
	_ = b.bar.Finish()
}

// Wrap returns a writer to w, the bar's terminal, that clears the bar
// before each write, so that a warning printed during the run stands on a
// line of its own; the next step draws the bar again below it. A silent
// Bar returns w itself.
func (b *Bar) Wrap(w io.Writer) io.Writer {
	if b == nil {
		return w
	}
	return barWriter{b}
}

type barWriter struct{ b *Bar }

func (bw barWriter) Write(p []byte) (int, error) {
	b := bw.b
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shown && !b.ended {
		_ = b.bar.Clear()
	}
	return b.w.Write(p)
}
