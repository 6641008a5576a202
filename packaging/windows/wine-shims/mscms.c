/* A stand-in for Windows' colour management DLL, for Wine 8 only: Qt 6.12's qwindows plugin
 * imports WcsCreateIccProfile, which Wine 8's mscms lacks, so the plugin does not load. Here
 * no colour profile is ever found and Qt draws in sRGB. Test prefix only (loaded with
 * WINEDLLOVERRIDES="mscms=n,b"): never part of the shipped app. */
#include <stddef.h>

__declspec(dllexport) void *OpenColorProfileW(void *profile, unsigned access, unsigned share, unsigned creation)
{
    (void)profile; (void)access; (void)share; (void)creation;
    return NULL;
}

__declspec(dllexport) int CloseColorProfile(void *profile) { (void)profile; return 1; }

__declspec(dllexport) int GetColorProfileFromHandle(void *profile, unsigned char *buffer, unsigned *size)
{
    (void)profile; (void)buffer;
    if (size)
        *size = 0;
    return 0;
}

__declspec(dllexport) void *WcsCreateIccProfile(void *profile, unsigned intent)
{
    (void)profile; (void)intent;
    return NULL;
}
