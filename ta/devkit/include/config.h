/*
 * IS_ENABLED(CFG_X), as OP-TEE's libutils offers it to TAs: 1 in an ordinary
 * C expression when CFG_X is defined to 1 (what the dev kit passes for a
 * make variable set to y), 0 when it is undefined or has another value.
 * tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_CONFIG_H
#define TZV_DEVKIT_CONFIG_H

/*
 * The macro's value is pasted onto a prefix: only "1" gives a name defined
 * below, which expands to an extra leading argument and so shifts "1" into
 * the position that is selected; anything else leaves "0" there.
 */
#define TZV_CFG_ON_1 ignored,
#define TZV_CFG_PICK_SECOND(first, second, ...) second
#define TZV_CFG_PICK(args) TZV_CFG_PICK_SECOND(args 1, 0, 0)
#define TZV_CFG_PASTE(value) TZV_CFG_PICK(TZV_CFG_ON_##value)
#define IS_ENABLED(config_macro) TZV_CFG_PASTE(config_macro)
#define IS_ENABLED2(config_macro) IS_ENABLED(config_macro)

#endif
