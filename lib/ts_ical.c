/*
 * ts_ical.c - writing iCalendar, and the names calendars give to zones
 * (see ts_ical.h).
 *
 * The VTIMEZONE comes from libical's copy of the system zone, truncated to
 * the years the calendar needs and renamed to the bare Olson name (the
 * recipe of notes/agenda-msg.md 1.3): libical 3.0 would otherwise write
 * TZID=/freeassociation.sourceforge.net/Europe/Paris, which some clients
 * do not recognise.  The times themselves are wall times computed by
 * ts_time and handed to libical as they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "ts_ical.h"
#include "ts_mem.h"
#include "ts_phone.h"
#include "banned.h"

/* ---- zone names ---- */

/*
 * Windows zone names (as Outlook and Exchange write them) to IANA, from
 * the CLDR windowsZones table ("001" territory), for the zones a French
 * agency's clients meet; and the display names some Outlook versions
 * write instead.
 */
static const struct {
	const char *windows;
	const char *iana;
} windows_zones[] = {
	{ "Romance Standard Time", "Europe/Paris" },
	{ "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Europe/Paris" },
	{ "W. Europe Standard Time", "Europe/Berlin" },
	{ "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
	    "Europe/Berlin" },
	{ "Central Europe Standard Time", "Europe/Budapest" },
	{ "Central European Standard Time", "Europe/Warsaw" },
	{ "GMT Standard Time", "Europe/London" },
	{ "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "Europe/London" },
	{ "(UTC) Dublin, Edinburgh, Lisbon, London", "Europe/London" },
	{ "Greenwich Standard Time", "Atlantic/Reykjavik" },
	{ "E. Europe Standard Time", "Europe/Chisinau" },
	{ "FLE Standard Time", "Europe/Kiev" },
	{ "GTB Standard Time", "Europe/Bucharest" },
	{ "Russian Standard Time", "Europe/Moscow" },
	{ "Turkey Standard Time", "Europe/Istanbul" },
	{ "Morocco Standard Time", "Africa/Casablanca" },
	{ "W. Central Africa Standard Time", "Africa/Lagos" },
	{ "South Africa Standard Time", "Africa/Johannesburg" },
	{ "Egypt Standard Time", "Africa/Cairo" },
	{ "Israel Standard Time", "Asia/Jerusalem" },
	{ "Arabian Standard Time", "Asia/Dubai" },
	{ "Mauritius Standard Time", "Indian/Mauritius" },
	{ "India Standard Time", "Asia/Kolkata" },
	{ "China Standard Time", "Asia/Shanghai" },
	{ "Singapore Standard Time", "Asia/Singapore" },
	{ "Tokyo Standard Time", "Asia/Tokyo" },
	{ "AUS Eastern Standard Time", "Australia/Sydney" },
	{ "New Zealand Standard Time", "Pacific/Auckland" },
	{ "Azores Standard Time", "Atlantic/Azores" },
	{ "Cape Verde Standard Time", "Atlantic/Cape_Verde" },
	{ "E. South America Standard Time", "America/Sao_Paulo" },
	{ "SA Eastern Standard Time", "America/Cayenne" },
	{ "SA Western Standard Time", "America/La_Paz" },
	{ "Atlantic Standard Time", "America/Halifax" },
	{ "Newfoundland Standard Time", "America/St_Johns" },
	{ "Eastern Standard Time", "America/New_York" },
	{ "Central Standard Time", "America/Chicago" },
	{ "Canada Central Standard Time", "America/Regina" },
	{ "Mountain Standard Time", "America/Denver" },
	{ "US Mountain Standard Time", "America/Phoenix" },
	{ "Pacific Standard Time", "America/Los_Angeles" },
	{ "Alaskan Standard Time", "America/Anchorage" },
	{ "Hawaiian Standard Time", "Pacific/Honolulu" },
	{ "UTC", "UTC" },
	{ "Coordinated Universal Time", "UTC" },
};

/* An Olson name, or a "/vendor/.../Area/City" path ending in one. */
static const struct ts_tz *
olson(const char *tzid)
{
	const struct ts_tz *z;
	const char *p;

	if (*tzid != '/')
		return ts_tz_load(tzid, NULL);
	/* Try each suffix after a '/': "/mozilla.org/20050126_1/Europe/
	 * Paris" ends in "Europe/Paris". */
	for (p = tzid; (p = strchr(p, '/')) != NULL; p++)
		if (p[1] && (z = ts_tz_load(p + 1, NULL)) != NULL)
			return z;
	return NULL;
}

const struct ts_tz *
ts_ical_zone(const char *tzid)
{
	const struct ts_tz *z;
	size_t i;

	if (!tzid || !*tzid)
		return NULL;
	if (strchr(tzid, '/') && (z = olson(tzid)) != NULL)
		return z;
	for (i = 0; i < sizeof windows_zones / sizeof windows_zones[0]; i++)
		if (strcmp(tzid, windows_zones[i].windows) == 0)
			return ts_tz_load(windows_zones[i].iana, NULL);
	return ts_tz_load(tzid, NULL);
}

/* ---- writing ---- */

static struct icaltimetype
utc_time(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0,
	    icaltimezone_get_utc_timezone());
}

/* The wall time of t in tz, tagged with zone z (NULL: UTC, with Z). */
static struct icaltimetype
zoned_time(int64_t t, const struct ts_tz *tz, icaltimezone *z)
{
	struct icaltimetype it = icaltime_null_time();
	struct ts_civil c;

	if (!z)
		return utc_time(t);
	ts_civil_from_wall(ts_tz_wall(tz, t), &c);
	it.year = c.year;
	it.month = c.mon;
	it.day = c.day;
	it.hour = c.hour;
	it.minute = c.min;
	it.second = c.sec;
	return icaltime_set_timezone(&it, z);
}

/*
 * The client's zone for libical, named by its bare Olson name, its
 * VTIMEZONE cut to start in year `from_year`.  NULL for UTC (times are
 * then written with Z) or a zone libical does not know.
 */
static icaltimezone *
make_zone(const char *name, int from_year, struct ts_error *err)
{
	icaltimezone *builtin, *z;
	icalcomponent *vtz;
	char start[32];

	if (strcmp(name, "UTC") == 0)
		return NULL;
	builtin = icaltimezone_get_builtin_timezone(name);
	if (!builtin || !icaltimezone_get_component(builtin)) {
		ts_error_set(err, TS_EXIT_FAIL, "libical does not know the "
		    "time zone '%s'", name);
		return NULL;
	}
	vtz = icalcomponent_new_clone(icaltimezone_get_component(builtin));
	snprintf(start, sizeof start, "%04d0101T000000Z", from_year);
	icaltimezone_truncate_vtimezone(vtz, icaltime_from_string(start),
	    icaltime_null_time(), 0);
	icalproperty_set_tzid(icalcomponent_get_first_property(vtz,
	    ICAL_TZID_PROPERTY), name);
	z = icaltimezone_new();
	icaltimezone_set_component(z, vtz);
	return z;
}

static void
add_x(icalcomponent *c, const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
}

/* "Tél. : 06 12 34 56 78", the e-mail and the note, one a line. */
static char *
description(const struct ts_agenda_ctx *a, const struct ts_booking *b)
{
	char phone[64];

	ts_phone_display(b->phone, &a->cfg->service.country, phone,
	    sizeof phone);
	return ts_xasprintf("Tél. : %s%s%s%s%s", phone,
	    b->email[0] ? "\nE-mail : " : "", b->email,
	    b->note[0] ? "\n" : "", b->note);
}

static const char *
type_label(const struct ts_agenda_ctx *a, const char *type)
{
	size_t i;

	for (i = 0; i < a->ag->ntypes; i++)
		if (strcmp(a->ag->types[i].name, type) == 0)
			return a->ag->types[i].label;
	return type;
}

static icalcomponent *
vevent(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    icaltimezone *z)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	int cancelled = b->status == TS_BOOKING_CANCELLED;
	char *text;

	icalcomponent_set_uid(ev, b->uid);
	icalcomponent_set_dtstamp(ev, utc_time(a->now));
	icalcomponent_add_property(ev, icalproperty_new_created(
	    utc_time(b->created_at)));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(
	    utc_time(b->updated_at)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(
	    (int)b->sequence));
	icalcomponent_set_dtstart(ev, zoned_time(b->start, a->tz, z));
	icalcomponent_set_dtend(ev, zoned_time(b->end, a->tz, z));
	text = ts_xasprintf("%s – %s", type_label(a, b->type), b->name);
	icalcomponent_set_summary(ev, text);
	free(text);
	text = description(a, b);
	icalcomponent_set_description(ev, text);
	free(text);
	if (a->ag->address)
		icalcomponent_set_location(ev, a->ag->address);
	icalcomponent_add_property(ev, icalproperty_new_status(cancelled ?
	    ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_transp(cancelled ?
	    ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));
	return ev;
}

/* The year the VTIMEZONE must start in: before every event. */
static int
first_year(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    size_t n)
{
	int64_t min = a->now;
	struct ts_civil c;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].start < min)
			min = b[i].start;
	ts_civil_from_wall(ts_tz_wall(a->tz, min), &c);
	return c.year - 1;
}

char *
ts_ical_write(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    size_t n, struct ts_error *err)
{
	const char *zname = ts_tz_name(a->tz);
	icalcomponent *cal;
	icaltimezone *z;
	char *text;
	size_t i;

	ts_ical_note_use();
	err->code = 0;
	z = make_zone(zname, first_year(a, b, n), err);
	if (!z && err->code)
		return NULL;
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid(TS_ICAL_PRODID),
	    icalproperty_new_calscale("GREGORIAN"), (void *)0);
	add_x(cal, "X-WR-CALNAME", a->cl->name);
	add_x(cal, "X-WR-TIMEZONE", zname);
	if (z)
		icalcomponent_add_component(cal, icalcomponent_new_clone(
		    icaltimezone_get_component(z)));
	for (i = 0; i < n; i++)
		icalcomponent_add_component(cal, vevent(a, &b[i], z));
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (z)
		icaltimezone_free(z, 1);
	return text;
}

int
ts_ical_uid(const char *text, char *uid, size_t n, long *sequence)
{
	icalcomponent *root, *ev = NULL;
	icalcomponent *cal;
	icalproperty *p;
	int rc = -1;

	ts_ical_note_use();
	root = icalparser_parse_string(text);
	if (!root)
		return -1;
	cal = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT ? root :
	    icalcomponent_get_first_component(root,
	    ICAL_VCALENDAR_COMPONENT);
	if (cal)
		ev = icalcomponent_get_first_component(cal,
		    ICAL_VEVENT_COMPONENT);
	if (ev && icalcomponent_get_uid(ev)) {
		snprintf(uid, n, "%s", icalcomponent_get_uid(ev));
		p = icalcomponent_get_first_property(ev,
		    ICAL_SEQUENCE_PROPERTY);
		*sequence = p ? icalproperty_get_sequence(p) : 0;
		rc = 0;
	}
	icalcomponent_free(root);
	return rc;
}

/* Set once libical has been called: see ts_ical_cleanup. */
static int ical_used;

void
ts_ical_note_use(void)
{
	ical_used = 1;
}

void
ts_ical_cleanup(void)
{
	/*
	 * Not icalmemory_free_ring(): it creates the ring it frees when
	 * there is none, and writes through the allocation without checking
	 * it (a crash at exit when memory is short).  The ring stays
	 * reachable through its thread key until exit, which valgrind does
	 * not count as a leak.
	 */
	if (!ical_used)
		return;
	icaltimezone_free_builtin_timezones();
	icaltimezone_release_zone_tab();
}
