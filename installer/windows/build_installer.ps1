<#
.SYNOPSIS
  Builds dist\clio-prep-<version>-setup.exe from the PyInstaller one-folder build with Inno Setup 6.

.DESCRIPTION
  Called by `python installer/build.py` on Windows after PyInstaller; can also be run by hand:
    powershell -ExecutionPolicy Bypass -File installer\windows\build_installer.ps1 -AppVersion 0.1.0
  Authenticode signing (clio-prep*.exe, then Setup and its uninstaller through Inno's SignTool)
  happens only when both WINDOWS_CERT_PFX (the .pfx, base64) and WINDOWS_CERT_PASSWORD are set.
  The certificate is imported into the current user's store for the run and removed afterwards,
  so the password never appears on a command line or in ISCC's log.
#>
param(
    [Alias("Version")][string]$AppVersion = "",              # default: app\__init__.py
    [string]$SourceDir = "",                                 # default: dist\clio-prep
    [string]$OutputDir = "",                                 # default: dist
    [string]$TimestampUrl = "http://timestamp.digicert.com"
)
Set-StrictMode -Version Latest
$ErrorActionPreference = "Stop"

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
if (-not $SourceDir) { $SourceDir = Join-Path $Root "dist\clio-prep" }
if (-not $OutputDir) { $OutputDir = Join-Path $Root "dist" }
if (-not $AppVersion) {
    $m = Select-String -Path (Join-Path $Root "app\__init__.py") -Pattern '__version__ = "([^"]+)"'
    $AppVersion = if ($m) { $m.Matches[0].Groups[1].Value } else { "0.0.0" }
}
$SourceDir = (Resolve-Path $SourceDir).Path
New-Item -ItemType Directory -Force -Path $OutputDir | Out-Null
$OutputDir = (Resolve-Path $OutputDir).Path

# ISCC.exe: the Inno Setup 6 default folders (all users, then per user), then PATH.
function Find-Iscc {
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    foreach ($c in $candidates) { if ($c -and (Test-Path $c)) { return $c } }
    $cmd = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    throw "ISCC.exe not found: install Inno Setup 6 (6.3 or later) or put ISCC.exe on PATH."
}

# signtool.exe: PATH first, else the newest Windows 10/11 SDK.
function Find-SignTool {
    $cmd = Get-Command "signtool.exe" -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    $kits = Join-Path ${env:ProgramFiles(x86)} "Windows Kits\10\bin"
    $found = Get-ChildItem -Path $kits -Filter signtool.exe -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.DirectoryName -like "*\x64" } | Sort-Object FullName -Descending | Select-Object -First 1
    if ($found) { return $found.FullName }
    throw "signtool.exe not found: install the Windows SDK signing tools."
}

$iscc = Find-Iscc
$isccArgs = @("/Qp", "/DAppVersion=$AppVersion", "/DSourceDir=$SourceDir", "/DOutputDir=$OutputDir")
$thumbprint = $null
$imported = @()
$alreadyThere = @(Get-ChildItem Cert:\CurrentUser\My | ForEach-Object { $_.Thumbprint })

try {
    if ($env:WINDOWS_CERT_PFX -and $env:WINDOWS_CERT_PASSWORD) {
        $signtool = Find-SignTool
        $pfx = Join-Path ([IO.Path]::GetTempPath()) ("clio-prep-" + [guid]::NewGuid() + ".pfx")
        try {
            [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERT_PFX))
            $password = ConvertTo-SecureString -String $env:WINDOWS_CERT_PASSWORD -AsPlainText -Force
            $imported = @(Import-PfxCertificate -FilePath $pfx -CertStoreLocation Cert:\CurrentUser\My -Password $password)
        } finally {
            Remove-Item -Force -ErrorAction SilentlyContinue $pfx
        }
        $thumbprint = ($imported | Where-Object { $_.HasPrivateKey } | Select-Object -First 1).Thumbprint
        if (-not $thumbprint) { throw "The certificate in WINDOWS_CERT_PFX has no private key." }

        # 1. The executable(s) of the build, before Inno Setup packs them.
        $exes = @(Get-ChildItem -Path $SourceDir -Filter "clio-prep*.exe" | ForEach-Object { $_.FullName })
        & $signtool sign /sha1 $thumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 $exes
        if ($LASTEXITCODE -ne 0) { throw "signtool failed on the executables ($LASTEXITCODE)." }

        # 2. Setup and the uninstaller: ISCC runs this Sign Tool ($f = the file, $q = a quote).
        $signCmd = '{0}=$q{1}$q sign /sha1 {2} /fd SHA256 /tr {3} /td SHA256 $f' -f "clioprepsign", $signtool, $thumbprint, $TimestampUrl
        $isccArgs += @("/S$signCmd", "/DSignTool=clioprepsign")
    } else {
        Write-Host "Authenticode signing skipped: WINDOWS_CERT_PFX and WINDOWS_CERT_PASSWORD are not both set."
    }

    & $iscc @isccArgs (Join-Path $PSScriptRoot "clio-prep.iss")
    if ($LASTEXITCODE -ne 0) { throw "ISCC failed ($LASTEXITCODE)." }
    Write-Host "Built $(Join-Path $OutputDir "clio-prep-$AppVersion-setup.exe")"
} finally {
    # Take the imported certificates (and the private key) out of the store again, except any
    # that were there before this run (a developer's own certificate stays).
    foreach ($c in $imported) {
        if ($alreadyThere -contains $c.Thumbprint) { continue }
        $path = "Cert:\CurrentUser\My\$($c.Thumbprint)"
        if ($c.HasPrivateKey) { Remove-Item -Path $path -DeleteKey -ErrorAction SilentlyContinue }
        else { Remove-Item -Path $path -ErrorAction SilentlyContinue }
    }
}
