; The Windows installer (NSIS 3, Unicode, 64-bit stub): LumbagoCoach-VERSION-setup.exe.
; Built by tools/make_windows.py, which passes VERSION, SOURCE (the PyInstaller folder), ICON
; and OUTFILE with /D. Per-user: no administrator rights, the app in
; %LOCALAPPDATA%\Programs\Lumbago Coach, a Start-menu entry, and an uninstaller in the list
; of installed apps. The person's data folder (%LOCALAPPDATA%\lumbago-coach: the history,
; settings and own routines) is never removed by it: the uninstaller says where it is.
; Silent: setup.exe /S, and uninstall.exe /S.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"

!define APP_NAME "Lumbago Coach"
!define EXE "lumbago-coach.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LumbagoCoach"
; platformdirs' user_data_dir("lumbago-coach") on Windows (desktop_app/paths.py).
!define DATA_FOLDER "$LOCALAPPDATA\lumbago-coach"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
BrandingText "${APP_NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "Lumbago Coach developers"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The installer speaks the language Windows is set to (English where it is neither).
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "German"

LangString KeptData ${LANG_ENGLISH} "${APP_NAME} is removed. Your history, settings and own routines are kept in ${DATA_FOLDER}. Delete that folder yourself if you no longer want them."
LangString KeptData ${LANG_GERMAN} "${APP_NAME} ist entfernt. Ihr Verlauf, Ihre Einstellungen und eigenen Abläufe bleiben in ${DATA_FOLDER}. Löschen Sie diesen Ordner selbst, wenn Sie sie nicht mehr brauchen."
LangString StillRunning ${LANG_ENGLISH} "${APP_NAME} is still open. Close it, then choose Retry."
LangString StillRunning ${LANG_GERMAN} "${APP_NAME} ist noch geöffnet. Schließen Sie es und wählen Sie dann „Wiederholen“."

Section "Install"
    SetOutPath "$INSTDIR"
    ; A newer version replaces the older one's files; nothing of the person's is here.
    RMDir /r "$INSTDIR\_internal"
    File /r "${SOURCE}/*"
    WriteUninstaller "$INSTDIR\uninstall.exe"
    CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Lumbago Coach developers"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
    ; The running app holds its program file open: ask until it is closed (silent: give up).
    retry:
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXE}" a
    IfErrors 0 closed
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY retry
    Abort
    closed:
    FileClose $0
    Delete "$SMPROGRAMS\${APP_NAME}.lnk"
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\${EXE}"
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
    ; Never the data folder: the person's history stays, and they are told where.
    IfFileExists "${DATA_FOLDER}\*.*" 0 done
    MessageBox MB_OK|MB_ICONINFORMATION "$(KeptData)" /SD IDOK
    DetailPrint "$(KeptData)"
    done:
SectionEnd
