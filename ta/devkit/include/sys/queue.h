/*
 * The C library's <sys/queue.h> plus the *_FOREACH_SAFE iterators of the BSD
 * version that OP-TEE's libutils ships (glibc's copy lacks them): iterate while
 * the body may remove (and free) the current element. tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_SYS_QUEUE_H
#define TZV_DEVKIT_SYS_QUEUE_H

#include_next <sys/queue.h>

#ifndef LIST_FOREACH_SAFE
#define LIST_FOREACH_SAFE(var, head, field, tvar)                                                  \
	for ((var) = LIST_FIRST((head)); (var) && ((tvar) = LIST_NEXT((var), field), 1);           \
	     (var) = (tvar))
#endif
#ifndef SLIST_FOREACH_SAFE
#define SLIST_FOREACH_SAFE(var, head, field, tvar)                                                 \
	for ((var) = SLIST_FIRST((head)); (var) && ((tvar) = SLIST_NEXT((var), field), 1);         \
	     (var) = (tvar))
#endif
#ifndef STAILQ_FOREACH_SAFE
#define STAILQ_FOREACH_SAFE(var, head, field, tvar)                                                \
	for ((var) = STAILQ_FIRST((head)); (var) && ((tvar) = STAILQ_NEXT((var), field), 1);       \
	     (var) = (tvar))
#endif
#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)                                                 \
	for ((var) = TAILQ_FIRST((head)); (var) && ((tvar) = TAILQ_NEXT((var), field), 1);         \
	     (var) = (tvar))
#endif
#ifndef TAILQ_FOREACH_REVERSE_SAFE
#define TAILQ_FOREACH_REVERSE_SAFE(var, head, headname, field, tvar)                               \
	for ((var) = TAILQ_LAST((head), headname);                                                 \
	     (var) && ((tvar) = TAILQ_PREV((var), headname, field), 1); (var) = (tvar))
#endif

#endif
