// Package pdfview draws the pages of a PDF as pictures, inside Carebook and
// without a program of the computer's: a volunteer's laptop may have no PDF
// viewer, and a child's papers should not leave Carebook to be seen.
//
// It runs PDFium (the renderer of Chromium) compiled to WebAssembly, in
// process, through go-pdfium's WebAssembly mode: no C library to ship, the
// same drawing on Windows and Linux. The first use prepares the renderer
// (compiled once per version into the user's cache folder); a damaged or
// encrypted file is refused with an error, never a crash.
package pdfview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Errors a person is told about.
var (
	// ErrDamaged: the file is not a PDF PDFium can read (cut short,
	// changed, or not a PDF at all).
	ErrDamaged = errors.New("the PDF is damaged and cannot be shown")
	// ErrPassword: the PDF is locked with a password.
	ErrPassword = errors.New("the PDF is protected by a password and cannot be shown")
	// ErrNoPage: a page the document does not have.
	ErrNoPage = errors.New("the PDF has no such page")
)

// MaxPixels bounds one rendered page: a poster-sized page at a high zoom
// would otherwise take gigabytes.
const MaxPixels = 40_000_000

var (
	once     sync.Once
	pool     pdfium.Pool
	instance pdfium.Pdfium
	initErr  error
	mu       sync.Mutex // one renderer, one document call at a time
)

// start prepares the renderer once per process.
func start() error {
	once.Do(func() {
		// PDFium's module needs the exception-handling feature.
		cfg := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
		if dir, err := os.UserCacheDir(); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "carebook", "pdfium")); err == nil {
				cfg = cfg.WithCompilationCache(cache)
			}
		}
		// Its memory doubles when it must move (see growingMemory).
		ctx := experimental.WithMemoryAllocator(context.Background(), experimental.MemoryAllocatorFunc(newGrowingMemory))
		pool, initErr = webassembly.Init(webassembly.Config{Context: ctx, MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
			RuntimeConfig: cfg, FSConfig: fonts(), ReuseWorkers: true})
		if initErr != nil {
			initErr = fmt.Errorf("the PDF renderer could not start: %w", initErr)
			return
		}
		instance, initErr = pool.GetInstance(30 * time.Second)
		if initErr != nil {
			initErr = fmt.Errorf("the PDF renderer could not start: %w", initErr)
			return
		}
		warmUp()
	})
	return initErr
}

// warmUp draws a blank A4 page 1 800 px wide: the renderer's memory grows
// to what a scan's page needs at start (in the background), not while
// someone waits for their first page — fresh memory is slow to touch the
// first time, and a 150-dpi scan's first page spent most of its time
// there.
func warmUp() {
	blank := fpdf.New("P", "mm", "A4", "")
	blank.AddPage()
	var b bytes.Buffer
	if blank.Output(&b) != nil {
		return
	}
	d, err := open(b.Bytes())
	if err != nil {
		return
	}
	defer d.Close()
	d.Render(context.Background(), 0, warmWidth)
}

// warmWidth is the width of the page drawn at start.
const warmWidth = 1800

// fonts is all of the computer's disk the renderer sees: the system's
// fonts, read-only, where PDFium looks for them (for a PDF whose fonts are
// not inside it). Left alone, go-pdfium gives it the whole disk; documents
// reach it in memory, so a damaged file that took PDFium over could not
// read a database or a child's papers from inside it.
func fonts() wazero.FSConfig {
	cfg := wazero.NewFSConfig()
	dir := "/usr/share/fonts"
	if runtime.GOOS == "windows" {
		dir = filepath.Join(os.Getenv("WINDIR"), "Fonts")
	}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		cfg = cfg.WithReadOnlyDirMount(dir, "/usr/share/fonts")
	}
	return cfg
}

// Warm prepares the renderer ahead of the first page (the window does it
// in the background at start).
func Warm() error { return start() }

// Doc is an open PDF.
type Doc struct {
	ref   references.FPDF_DOCUMENT
	pages int
	data  []byte // kept alive while PDFium reads it
}

// Open reads a PDF held in memory.
func Open(pdf []byte) (*Doc, error) {
	if err := start(); err != nil {
		return nil, err
	}
	return open(pdf)
}

func open(pdf []byte) (*Doc, error) {
	if len(pdf) == 0 {
		return nil, ErrDamaged
	}
	mu.Lock()
	defer mu.Unlock()
	d := &Doc{data: pdf}
	err := guard(func() error {
		r, err := instance.OpenDocument(&requests.OpenDocument{File: &d.data})
		if err != nil {
			return err
		}
		d.ref = r.Document
		n, err := instance.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d.ref})
		if err != nil {
			instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.ref})
			return err
		}
		d.pages = n.PageCount
		return nil
	})
	if err != nil {
		return nil, openError(err)
	}
	if d.pages == 0 {
		d.Close()
		return nil, ErrDamaged
	}
	return d, nil
}

// openError says why a PDF could not be opened, in the package's words.
func openError(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		return ErrPassword
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile), errors.Is(err, pdfiumerrors.ErrUnknown), errors.Is(err, errPanicked):
		return ErrDamaged
	}
	return fmt.Errorf("%w (%v)", ErrDamaged, err)
}

var errPanicked = errors.New("the renderer stopped on this file")

// guard runs a call into the renderer, turning a panic into an error: a
// damaged file must never take the window down.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanicked, r)
		}
	}()
	return f()
}

// Pages is how many pages the document has.
func (d *Doc) Pages() int { return d.pages }

// Size is a page's size in points (1/72 inch), as it is shown (its
// rotation applied).
func (d *Doc) Size(page int) (w, h float64, err error) {
	if page < 0 || page >= d.pages {
		return 0, 0, ErrNoPage
	}
	mu.Lock()
	defer mu.Unlock()
	err = guard(func() error {
		r, err := instance.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: d.ref, Index: page})
		if err != nil {
			return err
		}
		w, h = r.Width, r.Height
		return nil
	})
	return w, h, err
}

// Render draws a page (0-based) width pixels wide (its height as the
// page's shape makes it), white behind, its rotation applied.
func (d *Doc) Render(ctx context.Context, page, width int) (image.Image, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w, h, err := d.Size(page)
	if err != nil {
		return nil, err
	}
	if w <= 0 || h <= 0 {
		return nil, ErrDamaged
	}
	height := int(float64(width) * h / w)
	if width < 1 || height < 1 || width*height > MaxPixels {
		return nil, fmt.Errorf("a page of %d × %d pixels is too large to draw", width, height)
	}
	mu.Lock()
	defer mu.Unlock()
	var out *image.RGBA
	err = guard(func() error {
		r, err := instance.RenderPageInPixels(&requests.RenderPageInPixels{
			Page:  requests.Page{ByIndex: &requests.PageByIndex{Document: d.ref, Index: page}},
			Width: width, Height: height, RenderForm: true, Document: &d.ref,
		})
		if err != nil {
			return err
		}
		defer r.Cleanup()
		src := r.Result.Image
		// The image lives in the renderer's memory until Cleanup: copy it
		// onto white (a page without a background is transparent).
		out = image.NewRGBA(src.Bounds())
		draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
		draw.Draw(out, out.Bounds(), src, src.Bounds().Min, draw.Over)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", page+1, openError(err))
	}
	return out, nil
}

// Close lets the document go.
func (d *Doc) Close() {
	mu.Lock()
	defer mu.Unlock()
	guard(func() error {
		_, err := instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.ref})
		return err
	})
}
