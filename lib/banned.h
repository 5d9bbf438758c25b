/*
 * banned.h - functions that must not be used in ts.
 *
 * Each is either unbounded (strcpy, sprintf) or silently wrong on bad input
 * (atoi).  Use snprintf, ts_buf, memcpy with a checked length, and
 * strtol/strtoll with an end pointer instead.  Included by every source file
 * after the system headers, the way git's banned.h is.
 */
#ifndef TS_BANNED_H
#define TS_BANNED_H

#define TS_BANNED(f) sorry_##f##_is_banned_in_ts

#undef strcpy
#define strcpy(x, y) TS_BANNED(strcpy)
#undef strcat
#define strcat(x, y) TS_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) TS_BANNED(strncpy)
#undef sprintf
#define sprintf(...) TS_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) TS_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) TS_BANNED(strtok)
#undef atoi
#define atoi(x) TS_BANNED(atoi)
#undef atol
#define atol(x) TS_BANNED(atol)
#undef gets
#define gets(x) TS_BANNED(gets)

#endif
