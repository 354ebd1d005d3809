/* pp.h - preprocessor helpers for the .def tables (events.def): apply a
 * macro to each element of a parenthesized list of up to 6.  GNU C (and
 * GNU assembler-with-cpp): an empty list `()` is allowed. */
#ifndef MD_PP_H
#define MD_PP_H

#define MD_PP_UNPAREN(...) __VA_ARGS__
#define MD_PP_CAT(a, b) MD_PP_CAT_(a, b)
#define MD_PP_CAT_(a, b) a##b
#define MD_PP_APPLY(m, ...) m(__VA_ARGS__)
#define MD_PP_NARG(...) MD_PP_NARG_(_, ##__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)
#define MD_PP_NARG_(_, a, b, c, d, e, f, n, ...) n

/* f(x, e) for each element e of __VA_ARGS__ */
#define MD_PP_EACH(f, x, ...) MD_PP_CAT(MD_PP_EACH_, MD_PP_NARG(__VA_ARGS__))(f, x, __VA_ARGS__)
#define MD_PP_EACH_0(f, x, ...)
#define MD_PP_EACH_1(f, x, a) f(x, a)
#define MD_PP_EACH_2(f, x, a, ...) f(x, a) MD_PP_EACH_1(f, x, __VA_ARGS__)
#define MD_PP_EACH_3(f, x, a, ...) f(x, a) MD_PP_EACH_2(f, x, __VA_ARGS__)
#define MD_PP_EACH_4(f, x, a, ...) f(x, a) MD_PP_EACH_3(f, x, __VA_ARGS__)
#define MD_PP_EACH_5(f, x, a, ...) f(x, a) MD_PP_EACH_4(f, x, __VA_ARGS__)
#define MD_PP_EACH_6(f, x, a, ...) f(x, a) MD_PP_EACH_5(f, x, __VA_ARGS__)
/* the same over a parenthesized list: MD_PP_EACH_LIST(f, x, (a, b)) */
#define MD_PP_EACH_LIST(f, x, list) MD_PP_APPLY(MD_PP_EACH, f, x, MD_PP_UNPAREN list)

#endif
