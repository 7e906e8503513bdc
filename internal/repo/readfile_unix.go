//go:build unix

package repo

import (
	"bytes"
	"io/fs"
	"sync"
	"syscall"
)

// scratch holds the buffers readLimit reads into before copying out
// exactly what was read.
var scratch = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// readLimit reads a regular file of at most limit bytes with four system
// calls for a small file: open, fstat, read, close. It opens without
// blocking (a FIFO with no writer would otherwise hang the open) and
// without the runtime's poller (os.Open offers every file to it: four
// fcntl and a refused epoll_ctl per file, most of the system calls pop
// overdue made), checks on the open file that it is regular (a device
// such as /dev/zero would otherwise stream forever), and reads at most
// limit+1 bytes. With noFollow a symbolic link is not opened: the error
// wraps errSymlink, and the caller decides where it may lead.
func readLimit(name string, limit int64, noFollow bool) ([]byte, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	if noFollow {
		flags |= syscall.O_NOFOLLOW
	}
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, flags, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err == syscall.ELOOP && noFollow {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlink}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	if st.Size > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: st.Size, Limit: limit}}
	}
	bp := scratch.Get().(*[]byte)
	defer scratch.Put(bp)
	buf := *bp
	var out []byte // once the file outgrows buf
	n, total := 0, int64(0)
	for {
		if n == len(buf) {
			out = append(out, buf...)
			n = 0
		}
		want := min(int64(len(buf)-n), limit+1-total)
		m, err := syscall.Read(fd, buf[n:n+int(want)])
		switch {
		case err == syscall.EINTR || err == syscall.EAGAIN:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		n += m
		total += int64(m)
		switch {
		case total > limit: // it grew since fstat
			return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: total, Limit: limit}}
		case m == 0 || total == st.Size && m < int(want):
			// End of file: a read that returned nothing, or one that
			// returned all fstat promised and less than asked.
			if out == nil {
				return bytes.Clone(buf[:n]), nil
			}
			return append(out, buf[:n]...), nil
		}
	}
}
