/*
 * A stand-in for Windows' bcryptprimitives.dll, for TESTING UNDER WINE ONLY.
 *
 * Go 1.26's runtime asks bcryptprimitives.dll for ProcessPrng, which every
 * Windows 10 and 11 has but Wine 8 (Debian 12) does not. This DLL gives it,
 * drawing the bytes from RtlGenRandom (advapi32's SystemFunction036), so
 * that the Windows build can be tried under Wine. It is built into the test
 * Wine prefix by tools/windows-check.sh and is never part of the installer.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance; (void)reason; (void)reserved;
	return TRUE;
}
