/* A stand-in for Windows' icuuc.dll, for Wine 8 only (Wine 11.5 and later ship one, and
 * Windows 10 1903 and later have it in System32). Qt 6.11+'s Qt6Core imports 20 ucnv_*
 * functions from it; without the DLL nothing of Qt starts. Every converter fails to open, so
 * Qt keeps to its own codecs (UTF-8, UTF-16, Latin-1: all the app uses). Test prefix only:
 * never part of the shipped app. Built by tools/wine.py with x86_64-w64-mingw32-gcc. */
#include <stddef.h>

#define U_FILE_ACCESS_ERROR 4

__declspec(dllexport) void *ucnv_open(const char *name, int *status)
{
    (void)name;
    if (status && *status <= 0)
        *status = U_FILE_ACCESS_ERROR;
    return NULL;
}

__declspec(dllexport) int ucnv_countAvailable(void) { return 0; }

/* The rest are never reached once ucnv_open fails; each returns nothing. */
#define NOTHING(name) __declspec(dllexport) void *name(void) { return NULL; }
NOTHING(ucnv_close)
NOTHING(UCNV_FROM_U_CALLBACK_SUBSTITUTE)
NOTHING(UCNV_TO_U_CALLBACK_SUBSTITUTE)
NOTHING(ucnv_reset)
NOTHING(ucnv_getMaxCharSize)
NOTHING(ucnv_getName)
NOTHING(ucnv_getToUCallBack)
NOTHING(ucnv_getFromUCallBack)
NOTHING(ucnv_setToUCallBack)
NOTHING(ucnv_setFromUCallBack)
NOTHING(ucnv_cbToUWriteUChars)
NOTHING(ucnv_toUnicode)
NOTHING(ucnv_cbFromUWriteUChars)
NOTHING(ucnv_toUCountPending)
NOTHING(ucnv_fromUCountPending)
NOTHING(ucnv_getStandardName)
NOTHING(ucnv_getAvailableName)
NOTHING(ucnv_fromUnicode)
