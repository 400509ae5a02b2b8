; clio-prep: Inno Setup 6 script (Inno Setup 6.3 or later: it uses "x64compatible").
; Normally compiled by installer/windows/build_installer.ps1, called by `python installer/build.py`:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=C:\...\dist\clio-prep /DOutputDir=C:\...\dist clio-prep.iss
; Every define below has a default, so the script also compiles from the IDE after a build.

; ---- Inputs (ISCC /D...) -------------------------------------------------------------------
; AppVersion: shown in Add/Remove Programs and part of the output file name.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; SourceDir: the PyInstaller one-folder build (dist\clio-prep).
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\clio-prep"
#endif
; OutputDir: where clio-prep-<version>-setup.exe is written.
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
; IconFile: the app icon, used for Setup itself, Add/Remove Programs and .clioprep files.
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\resources\icons\clio-prep.ico"
#endif
; AppExe: the one executable of the build. Started from Explorer it hides its own console window
; (the spec's hide_console), so shortcuts and double-clicked projects show only the wizard.
#ifndef AppExe
  #define AppExe "clio-prep.exe"
#endif
; SignTool: only defined by build_installer.ps1 when a certificate is available; it names a
; Sign Tool that the same ISCC call defines with /S<name>=<command>.

#define AppName "clio-prep"
#define ProgId "clioprep.project"

; ---- Setup: a per-user install, no administrator rights, no UAC prompt -----------------------
[Setup]
; Fixed forever: upgrades and the uninstaller find earlier installs by this id ("{{" = literal "{").
AppId={{9DA5324B-24AC-4C15-A528-9200FD7D223B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
; lowest = non-administrative install mode; no PrivilegesRequiredOverridesAllowed, so staff can
; never be asked for an administrator password.
PrivilegesRequired=lowest
; {autopf} is {userpf} in non-administrative mode, i.e. %LOCALAPPDATA%\Programs\clio-prep.
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
; The build is 64-bit Python/Qt: refuse 32-bit Windows, install in 64-bit mode (x64 and Arm64 Windows 11).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
; Tell Explorer to refresh file associations after install and uninstall (the .clioprep icon).
ChangesAssociations=yes
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\clio-prep.ico
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
#ifdef SignTool
; Signs Setup and the uninstaller (SignedUninstaller defaults to yes when a SignTool is set).
SignTool={#SignTool}
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

; ---- Optional desktop shortcut (off by default) -------------------------------------------
[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

; ---- Files: the whole one-folder build, plus the icon for shortcuts and project files -------
[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; DestName: "clio-prep.ico"; Flags: ignoreversion

; ---- Start-menu entry and the optional desktop icon (per user: {autoprograms} = {userprograms}) ----
[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\clio-prep.ico"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\clio-prep.ico"; Tasks: desktopicon

; ---- .clioprep project files open in the wizard --------------------------------------------
; HKA is HKCU in non-administrative mode, so everything lands in HKCU\Software\Classes.
; The extension's values are removed on uninstall (and the key if nothing else is left in it);
; the ProgID key is ours alone and is removed whole.
[Registry]
Root: HKA; Subkey: "Software\Classes\.clioprep"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\.clioprep\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "clio-prep project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\clio-prep.ico,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui --project ""%1"""

; ---- Offer to start the wizard on the last page (skipped in silent installs) --------------
[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
