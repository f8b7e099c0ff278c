/* The text reader's fast path, finding entries in C: sphinx_papers.readers._scan.find_entry.
 *
 * find_entry(text, pos) finds what _listing_fast.find_entry_py finds -- the next entry in arXiv's
 * usual layout at or after pos -- and returns the same tuple (see EntryParts there).  The Python
 * function is the specification: it is what pure-Python installs run, and the tests compare the
 * two, and both with the single regex their docstring states, on every test listing and on
 * randomly damaged ones.
 *
 * Why C: Python's regex engine (sre) spent ~55,000 machine instructions on an entry of the
 * benchmark's listing (lookaheads at every line start, backtracking at every line end, a step
 * for every character), and the Python steps of find_entry_py spend as much; reading the
 * characters once, here, costs ~10,000, and making the parts' strings ~8,000 more.  This file
 * is built with the mypyc-compiled modules (setup.py), all or none.
 *
 * Character classes are Python's, as sre applies them to str patterns: \s is Py_UNICODE_ISSPACE,
 * \d is Py_UNICODE_ISDECIMAL, [a-z] and [A-Za-z] are ASCII, and the case-insensitive label
 * prefixes also match U+017F (long s) for "s", sre's one extra case among their letters.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

#define CH(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))
#define IS_SPACE(c) Py_UNICODE_ISSPACE(c)
#define IS_DIGIT(c) Py_UNICODE_ISDECIMAL(c)
#define IS_LOWER(c) ((c) >= 'a' && (c) <= 'z')
#define IS_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define IS_ALPHA(c) (IS_LOWER(c) || IS_UPPER(c))

/* The index of the first '\n' at or after i, or -1.  memchr, also for two-byte text: it finds the
 * byte 0x0A, and the character holding it is checked (most characters hold no such byte). */
static Py_ssize_t
find_nl(const Text *t, Py_ssize_t i)
{
    if (i >= t->n)
        return -1;
    if (t->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = (const Py_UCS1 *)t->data;
        const Py_UCS1 *hit = memchr(s + i, '\n', (size_t)(t->n - i));
        return hit ? hit - s : -1;
    }
    if (t->kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *s = (const Py_UCS2 *)t->data;
        const char *bytes = (const char *)s, *end = (const char *)(s + t->n);
        const char *from = (const char *)(s + i);
        while (from < end) {
            const char *hit = memchr(from, '\n', (size_t)(end - from));
            if (hit == NULL)
                return -1;
            Py_ssize_t k = (hit - bytes) / 2;
            if (s[k] == '\n')
                return k;
            from = (const char *)(s + k + 1);
        }
        return -1;
    }
    const Py_UCS4 *s = (const Py_UCS4 *)t->data;
    for (; i < t->n; i++)
        if (s[i] == '\n')
            return i;
    return -1;
}

/* How many '\n' [i, end) holds. */
static Py_ssize_t
count_nl(const Text *t, Py_ssize_t i, Py_ssize_t end)
{
    Py_ssize_t count = 0;
    while ((i = find_nl(t, i)) >= 0 && i < end) {
        count++;
        i++;
    }
    return count;
}

/* Whether the ASCII literal lit is at i. */
static int
at(const Text *t, Py_ssize_t i, const char *lit)
{
    for (; *lit; lit++, i++)
        if (i >= t->n || CH(t, i) != (Py_UCS4)(unsigned char)*lit)
            return 0;
    return 1;
}

/* digits(t, i), lowers(t, i), alphas(t, i): the end of the maximal run of such characters from i. */
#define RUN_OF(name, test)                                                                                   \
    static Py_ssize_t name(const Text *t, Py_ssize_t i)                                                      \
    {                                                                                                        \
        while (i < t->n && test(CH(t, i)))                                                                   \
            i++;                                                                                             \
        return i;                                                                                            \
    }
RUN_OF(digits, IS_DIGIT)
RUN_OF(lowers, IS_LOWER)
RUN_OF(alphas, IS_ALPHA)

/* _LINE "\n": the line at p is not empty and neither starts nor ends with whitespace; its '\n', or -1. */
static Py_ssize_t
stripped_line(const Text *t, Py_ssize_t p)
{
    Py_ssize_t nl = find_nl(t, p);
    if (nl <= p || IS_SPACE(CH(t, p)) || IS_SPACE(CH(t, nl - 1)))
        return -1;
    return nl;
}

/* _BREAK: the line at p does not start like a boundary or a label of the state machine. */
static int
not_break(const Text *t, Py_ssize_t p)
{
    return !(at(t, p, "-\n") || at(t, p, "arXiv:") || at(t, p, "Authors:") || at(t, p, "Abstract:"));
}

/* (?i:LABEL) at p: the labels' spellings in lower case (sre tries the same alternatives). */
static const char *const LABELS[] = {
    "comments:", "journal ref:", "journal-ref:", "journal reference:", "journal-reference:",
    "report number:", "report-number:", "report no:", "report-no:", "msc class:", "msc classes:",
    "acm class:", "acm classes:", NULL,
};

static int
label_at(const Text *t, Py_ssize_t p)
{
    for (const char *const *label = LABELS; *label; label++) {
        Py_ssize_t i = p;
        const char *c = *label;
        for (; *c; c++, i++) {
            if (i >= t->n)
                break;
            Py_UCS4 x = CH(t, i);
            if (x < 128 && IS_UPPER(x))
                x += 'a' - 'A';
            if (x == 0x17F && *c == 's')
                x = 's';
            if (x != (Py_UCS4)(unsigned char)*c)
                break;
        }
        if (!*c)
            return 1;
    }
    return 0;
}

/* Whether [start, end) ends with the marker: symbol, a space, word ("▽ More", "△ Less"). */
static int
ends_with_marker(const Text *t, Py_ssize_t start, Py_ssize_t end, Py_UCS4 symbol, const char *word)
{
    Py_ssize_t len = 2 + (Py_ssize_t)strlen(word);
    if (end - start < len || CH(t, end - len) != symbol || CH(t, end - len + 1) != ' ')
        return 0;
    return at(t, end - len + 2, word);
}

#define MORE_SYMBOL 0x25BD /* ▽ */
#define LESS_SYMBOL 0x25B3 /* △ */

static int
marker_line(const Text *t, Py_ssize_t p, Py_UCS4 symbol, const char *word)
{
    Py_ssize_t len = 2 + (Py_ssize_t)strlen(word);
    return p + len < t->n && CH(t, p) == symbol && CH(t, p + 1) == ' ' && at(t, p + 2, word) &&
           CH(t, p + len) == '\n';
}

/* A line of the full abstract (or, with preview, of the preview): its '\n', or -1. */
static Py_ssize_t
text_line(const Text *t, Py_ssize_t p, int preview)
{
    Py_ssize_t nl = stripped_line(t, p);
    if (nl < 0 || ends_with_marker(t, p, nl, LESS_SYMBOL, "Less") ||
        (preview && ends_with_marker(t, p, nl, MORE_SYMBOL, "More")))
        return -1;
    if (at(t, p, "-\n") || at(t, p, "arXiv:") || at(t, p, "Authors:") || at(t, p, "Submitted ") ||
        label_at(t, p))
        return -1;
    return nl;
}

/* _TAG, the whole of [i, j) (no whitespace in it). */
static int
tag_token(const Text *t, Py_ssize_t i, Py_ssize_t j)
{
    if (j - i == 3 && at(t, i, "doi"))
        return 1;
    if (at(t, i, "10.")) {
        Py_ssize_t d = digits(t, i + 3);
        if (d - (i + 3) >= 4 && d - (i + 3) <= 9 && d < j && CH(t, d) == '/' && j - (d + 1) >= 1)
            return 1;
    }
    Py_ssize_t k = lowers(t, i);
    if (k == i)
        return 0;
    if (k < j && CH(t, k) == '-' && IS_LOWER(CH(t, k + 1)))
        k = lowers(t, k + 1);
    if (k < j && CH(t, k) == '.' && IS_ALPHA(CH(t, k + 1))) {
        k = alphas(t, k + 1);
        if (k < j && CH(t, k) == '-' && IS_LOWER(CH(t, k + 1)))
            k = lowers(t, k + 1);
    }
    return k == j;
}

/* _HEAD_TAG: a format line ("[pdf, other]") or a line of tags; its '\n', or -1. */
static Py_ssize_t
tag_line(const Text *t, Py_ssize_t p)
{
    Py_ssize_t nl = find_nl(t, p);
    if (nl <= p)
        return -1;
    Py_ssize_t i = p;
    if (CH(t, i) == '[') {
        i = lowers(t, i + 1);
        if (i == p + 1)
            return -1;
        while (i < nl && CH(t, i) == ',') {
            Py_ssize_t k = i + 1;
            while (k < nl && IS_SPACE(CH(t, k)))
                k++;
            i = lowers(t, k);
            if (i == k)
                return -1;
        }
        return (i == nl - 1 && CH(t, i) == ']') ? nl : -1;
    }
    for (;;) {
        Py_ssize_t j = i;
        while (j < nl && !IS_SPACE(CH(t, j)))
            j++;
        if (j == i || !tag_token(t, i, j))
            return -1;
        if (j == nl)
            return nl;
        while (j < nl && IS_SPACE(CH(t, j)))
            j++;
        if (j == nl)
            return -1;
        i = j;
    }
}

/* The arXiv identifier at i (ID_GROUPS), or 0.  Sets the groups' spans (start -1: not matched)
 * and *end to the index after it. */
typedef struct {
    Py_ssize_t s, e;
} Span;

enum { G_NEW, G_ARCHIVE, G_NUMBER, G_VERSION, G_DAY, G_MONTH, G_YEAR, G_DAY1, G_MONTH1, G_YEAR1,
       G_AMONTH, G_AYEAR, G_COUNT };

static int
arxiv_id(const Text *t, Py_ssize_t i, Span *g, Py_ssize_t *end)
{
    Py_ssize_t k = digits(t, i);
    if (k > i) { /* new style: \d{4}\.\d{4,5} */
        if (k - i != 4 || k >= t->n || CH(t, k) != '.')
            return 0;
        Py_ssize_t d = digits(t, k + 1);
        if (d - (k + 1) < 4 || d - (k + 1) > 5)
            return 0;
        g[G_NEW].s = i, g[G_NEW].e = d;
        k = d;
    }
    else { /* old style: [a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7} */
        k = lowers(t, i);
        if (k == i)
            return 0;
        if (k < t->n && CH(t, k) == '-' && k + 1 < t->n && IS_LOWER(CH(t, k + 1)))
            k = lowers(t, k + 1);
        g[G_ARCHIVE].s = i, g[G_ARCHIVE].e = k;
        if (k + 2 < t->n && CH(t, k) == '.' && IS_UPPER(CH(t, k + 1)) && IS_UPPER(CH(t, k + 2)))
            k += 3;
        if (k >= t->n || CH(t, k) != '/')
            return 0;
        Py_ssize_t d = digits(t, k + 1);
        if (d - (k + 1) != 7)
            return 0;
        g[G_NUMBER].s = k + 1, g[G_NUMBER].e = d;
        k = d;
    }
    if (k < t->n && CH(t, k) == 'v') { /* (?:v(\d+))?: taken when digits follow */
        Py_ssize_t d = digits(t, k + 1);
        if (d > k + 1) {
            g[G_VERSION].s = k + 1, g[G_VERSION].e = d;
            k = d;
        }
    }
    *end = k;
    return 1;
}

/* _DMY: "2 January, 2024" at i; its end, or -1. */
static Py_ssize_t
day_month_year(const Text *t, Py_ssize_t i, Span *g, int first)
{
    Py_ssize_t d = digits(t, i);
    if (d == i || d - i > 2 || !at(t, d, " "))
        return -1;
    Py_ssize_t m = alphas(t, d + 1);
    if (m == d + 1 || !at(t, m, ", "))
        return -1;
    Py_ssize_t y = digits(t, m + 2);
    if (y - (m + 2) != 4)
        return -1;
    int base = first ? G_DAY1 : G_DAY;
    g[base].s = i, g[base].e = d;
    g[base + 1].s = d + 1, g[base + 1].e = m;
    g[base + 2].s = m + 2, g[base + 2].e = y;
    return y;
}

/* The identifier of the lookahead after an entry (ID_TEXT, then whitespace or the end). */
static int
next_id_line(const Text *t, Py_ssize_t w)
{
    Span g[G_COUNT];
    Py_ssize_t end;
    if (!at(t, w, "arXiv:") || !arxiv_id(t, w + 6, g, &end))
        return 0;
    return end == t->n || IS_SPACE(CH(t, end));
}

/* TAIL at q: the date line, labelled lines, and the space before the next entry; its end, or -1. */
static Py_ssize_t
tail(const Text *t, Py_ssize_t q, Span *g, Span *labels)
{
    if (!at(t, q, "Submitted "))
        return -1;
    Py_ssize_t r = day_month_year(t, q + 10, g, 0);
    if (r < 0 || !at(t, r, ";"))
        return -1;
    r++;
    if (r < t->n && (CH(t, r) == ' ' || CH(t, r) == '\n') && at(t, r + 1, "v1 submitted ")) {
        Span saved[3] = {g[G_DAY1], g[G_MONTH1], g[G_YEAR1]};
        Py_ssize_t v = day_month_year(t, r + 14, g, 1);
        if (v >= 0 && at(t, v, ";"))
            r = v + 1;
        else
            g[G_DAY1] = saved[0], g[G_MONTH1] = saved[1], g[G_YEAR1] = saved[2];
    }
    if (r >= t->n || (CH(t, r) != ' ' && CH(t, r) != '\n') || !at(t, r + 1, "originally announced "))
        return -1;
    Py_ssize_t m = alphas(t, r + 22);
    if (m == r + 22 || !at(t, m, " "))
        return -1;
    Py_ssize_t y = digits(t, m + 1);
    if (y - (m + 1) != 4 || !at(t, y, "."))
        return -1;
    g[G_AMONTH].s = r + 22, g[G_AMONTH].e = m;
    g[G_AYEAR].s = m + 1, g[G_AYEAR].e = y;
    r = y + 1;
    labels->s = r;
    /* (?:\n(?!arXiv:|-$)LINE)*: each line ends at its last non-space character */
    while (r + 1 < t->n && CH(t, r) == '\n' && !IS_SPACE(CH(t, r + 1)) && !at(t, r + 1, "arXiv:") &&
           !(CH(t, r + 1) == '-' && (r + 2 == t->n || CH(t, r + 2) == '\n'))) {
        Py_ssize_t nl = find_nl(t, r + 1);
        Py_ssize_t e = nl < 0 ? t->n : nl;
        while (IS_SPACE(CH(t, e - 1)))
            e--;
        r = e;
    }
    labels->e = r;
    while (r < t->n && IS_SPACE(CH(t, r)))
        r++;
    /* (?=^(?:arXiv:ID(?:\s|\Z)|-$)|\Z) */
    if (r == t->n)
        return r;
    if (r > 0 && CH(t, r - 1) != '\n')
        return -1;
    if (next_id_line(t, r) || (CH(t, r) == '-' && (r + 1 == t->n || CH(t, r + 1) == '\n')))
        return r;
    return -1;
}

/* The entry whose line starts at s, filling the spans; its end, or -1. */
static Py_ssize_t
entry_at(const Text *t, Py_ssize_t s, Span *g, Span *tags, Span *title, Span *authors, Span *abstract,
         Span *labels)
{
    Py_ssize_t p, nl;
    if (at(t, s, "arXiv:")) {
        if (!arxiv_id(t, s + 6, g, &p) || !at(t, p, "\n"))
            return -1;
        tags->s = p = p + 1;
        while ((nl = tag_line(t, p)) >= 0)
            p = nl + 1;
        tags->e = p;
    }
    else if (at(t, s, "-\n")) {
        p = s + 2;
    }
    else
        return -1;
    title->s = p;
    do { /* one title line at least, up to "Authors:" */
        if (!not_break(t, p) || (nl = stripped_line(t, p)) < 0)
            return -1;
        p = nl + 1;
    } while (!at(t, p, "Authors:\n"));
    title->e = p;
    authors->s = p = p + 9;
    while (!at(t, p, "Abstract:\n")) {
        if (!not_break(t, p) || (nl = stripped_line(t, p)) < 0)
            return -1;
        p = nl + 1;
    }
    authors->e = p;
    p += 10;
    while (!marker_line(t, p, MORE_SYMBOL, "More")) { /* the preview */
        if ((nl = text_line(t, p, 1)) < 0)
            return -1;
        p = nl + 1;
    }
    abstract->s = p = p + 7;
    do { /* the full abstract: one line at least */
        if ((nl = text_line(t, p, 0)) < 0)
            return -1;
        p = nl + 1;
    } while (!marker_line(t, p, LESS_SYMBOL, "Less"));
    abstract->e = p - 1;
    return tail(t, p + 7, g, labels);
}

static PyObject *
part(PyObject *text, Span span)
{
    if (span.s < 0)
        Py_RETURN_NONE;
    return PyUnicode_Substring(text, span.s, span.e);
}

static PyObject *
find_entry(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "find_entry(text: str, pos: int)");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    if (pos == -1 && PyErr_Occurred())
        return NULL;
#if PY_VERSION_HEX < 0x030C0000 /* every str is ready from 3.12 on, where this is deprecated */
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    Text t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    if (pos < 0)
        pos = 0;
    /* the pattern starts at a line start: "^" of a MULTILINE regex */
    for (Py_ssize_t s = pos; s < t.n;) {
        if (s == 0 || CH(&t, s - 1) == '\n') {
            Span g[G_COUNT], tags = {-1, -1}, title, authors, abstract, labels;
            for (int i = 0; i < G_COUNT; i++)
                g[i].s = g[i].e = -1;
            Py_ssize_t end = entry_at(&t, s, g, &tags, &title, &authors, &abstract, &labels);
            if (end >= 0) {
                Py_ssize_t lines = count_nl(&t, s, end);
                PyObject *parts[] = {
                    part(text, tags), part(text, title), part(text, authors), part(text, abstract),
                    part(text, labels),
                };
                PyObject *groups[G_COUNT];
                for (int i = 0; i < G_COUNT; i++)
                    groups[i] = part(text, g[i]);
                PyObject *result = PyTuple_New(3 + 5 + G_COUNT);
                if (result == NULL)
                    return NULL; /* the parts leak: only when memory is out */
                PyTuple_SET_ITEM(result, 0, PyLong_FromSsize_t(s));
                PyTuple_SET_ITEM(result, 1, PyLong_FromSsize_t(end));
                PyTuple_SET_ITEM(result, 2, PyLong_FromSsize_t(lines));
                for (int i = 0; i < 5; i++)
                    PyTuple_SET_ITEM(result, 3 + i, parts[i]);
                for (int i = 0; i < G_COUNT; i++)
                    PyTuple_SET_ITEM(result, 8 + i, groups[i]);
                for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(result); i++)
                    if (PyTuple_GET_ITEM(result, i) == NULL) {
                        Py_DECREF(result);
                        return NULL;
                    }
                return result;
            }
        }
        Py_ssize_t nl = find_nl(&t, s);
        if (nl < 0)
            break;
        s = nl + 1;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"find_entry", (PyCFunction)(void (*)(void))find_entry, METH_FASTCALL,
     "find_entry(text, pos) -> the parts of the next entry in the usual layout, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "sphinx_papers.readers._scan",
    .m_doc = "The text reader's fast path in C (see _listing_fast.find_entry_py).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    return PyModule_Create(&module);
}
