; Carebook's Windows installer (NSIS 3, Unicode, 64-bit).
;
;   makensis -DVERSION=0.1.0 -DSTAGE=dist\windows -DOUTFILE=dist\Carebook-Setup-0.1.0.exe carebook.nsi
;
; STAGE holds carebook.exe, carebook-cli.exe, carebook.ico, LICENSE.txt,
; OFL.txt and THIRD-PARTY.txt (see `make installer`).
;
; It installs for the person running it, without administrator rights (a
; volunteer's laptop often has none), into %LOCALAPPDATA%\Programs\Carebook,
; the per-user Program Files. It never touches the data folder
; (%APPDATA%\Carebook): neither on install, nor on upgrade, nor on uninstall.
; /S installs silently (for IT people); /D=<folder>, last on the command
; line, chooses another folder.
;
; Exit codes: 0 installed; 1 cancelled; 2 stopped by the installer (Carebook
; still running, not enough space, a file that could not be written).

Unicode true
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS all
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "give the version: makensis -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "give the folder with the files to install: makensis -DSTAGE=..."
!endif
!ifndef OUTFILE
  !define OUTFILE "Carebook-Setup-${VERSION}.exe"
!endif

; Every Carebook process holds this mutex (internal/sysenv/running_windows.go).
!define RUNNING_MUTEX "Local\org.carebook.app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Carebook"
!define APP_KEY "Software\Carebook"

Name "Carebook"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Carebook"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
BrandingText "Carebook ${VERSION}"
ShowInstDetails hide
ShowUninstDetails hide

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "Carebook"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Carebook ${VERSION} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "The Carebook authors (MIT licence)"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${STAGE}\carebook.ico"
!define MUI_UNICON "${STAGE}\carebook.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENSE.txt"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\carebook.exe"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepsData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one used when Windows speaks none of these.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGEEX "${__FILEDIR__}\lang" "Kazakh"
!insertmacro MUI_LANGUAGE "Uzbek"

!include "${__FILEDIR__}\lang\strings.nsh"

; ---------------------------------------------------------------------------

; CloseCarebook waits until no Carebook runs, asking the person to close it;
; without a person to ask (/S) or when they cancel, it stops with exit code 2.
!macro CLOSE_CAREBOOK un
Function ${un}CloseCarebook
  again:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p .r0'
    ${If} $0 P<> 0
      System::Call 'kernel32::CloseHandle(p r0)'
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(CloseIt)" /SD IDCANCEL IDRETRY again
      DetailPrint "$(StillRunning)"
      SetErrorLevel 2
      Quit
    ${EndIf}
FunctionEnd
!macroend
!insertmacro CLOSE_CAREBOOK ""
!insertmacro CLOSE_CAREBOOK "un."

Function .onInit
  ; Upgrade in place: an earlier Carebook's folder is the one to use (the
  ; InstallDirRegKey above), unless /D named another.
  Call CloseCarebook
FunctionEnd

Function un.onInit
  Call un.CloseCarebook
FunctionEnd

Section "Carebook" SecApp
  SectionIn RO
  Call CloseCarebook
  Call EnoughSpace

  SetOutPath "$INSTDIR"
  File "${STAGE}\THIRD-PARTY.txt"
  File "${STAGE}\LICENSE.txt"
  File "${STAGE}\OFL.txt"
  File "${STAGE}\carebook-cli.exe"
  File "${STAGE}\carebook.exe"
  WriteUninstaller "$INSTDIR\Uninstall Carebook.exe"

  ; The Start menu: one shortcut, as Windows 10 and 11 show them.
  CreateShortcut "$SMPROGRAMS\Carebook.lnk" "$INSTDIR\carebook.exe" "" "$INSTDIR\carebook.exe" 0 SW_SHOWNORMAL "" "$(Comment)"

  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "Version" "${VERSION}"

  ; Settings → Apps lists Carebook, with its uninstaller.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Carebook"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\carebook.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "The Carebook authors"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall Carebook.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall Carebook.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(DesktopShortcut)" SecDesktop
  CreateShortcut "$DESKTOP\Carebook.lnk" "$INSTDIR\carebook.exe" "" "$INSTDIR\carebook.exe" 0 SW_SHOWNORMAL "" "$(Comment)"
SectionEnd

; The uninstaller removes exactly what the installer put there: never the
; data folder, and never the install folder's other contents (someone may
; have chosen a folder that holds their own files).
Section "Uninstall"
  Delete "$INSTDIR\carebook.exe"
  Delete "$INSTDIR\carebook-cli.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\OFL.txt"
  Delete "$INSTDIR\THIRD-PARTY.txt"
  Delete "$INSTDIR\Uninstall Carebook.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Carebook.lnk"
  Delete "$DESKTOP\Carebook.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
SectionEnd

; EnoughSpace stops before anything is written when the disk holding
; $INSTDIR has less free space than the files need (with a margin).
Function EnoughSpace
  ${GetRoot} "$INSTDIR" $1
  ; Free bytes for this user, in MiB: GetDiskFreeSpaceExW on the folder's disk.
  System::Call 'kernel32::GetDiskFreeSpaceExW(w r1, *l .r2, *l, *l) i .r3'
  ${If} $3 == 0
    Return ; cannot tell (an unusual path): Windows will say so if it is full
  ${EndIf}
  System::Int64Op $2 / 1048576
  Pop $2
  SectionGetSize ${SecApp} $4 ; KiB
  IntOp $4 $4 / 1024
  IntOp $4 $4 + 16 ; room for the uninstaller and the shortcuts
  ${If} $2 < $4
    MessageBox MB_OK|MB_ICONSTOP "$(NoSpace)" /SD IDOK
    DetailPrint "$(NoSpace)"
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd
