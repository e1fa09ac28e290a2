@echo off
rem vhdboot launcher for Windows: runs vhdboot.jar with the bundled runtime when present, else java on PATH.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%vhdboot.jar"
if not exist "%JAR%" set "JAR=%HERE%target\vhdboot.jar"
if not exist "%JAR%" (
    echo vhdboot: error: vhdboot.jar not found next to this script or in target\; run "mvn -B package" 1>&2
    exit /b 5
)
set "JAVA=java"
if exist "%HERE%runtime\bin\java.exe" set "JAVA=%HERE%runtime\bin\java.exe"
rem A 32-bit Java on 64-bit Windows is sent to SysWOW64, which has no bcdedit.exe, and cannot load the 64-bit
rem virtdisk.dll. The bundled runtime is 64-bit; any other Java is asked once, on 64-bit Windows only.
if /i "%PROCESSOR_ARCHITECTURE%%PROCESSOR_ARCHITEW6432%"=="x86" goto run
if exist "%HERE%runtime\bin\java.exe" goto run
"%JAVA%" -XshowSettings:properties -version 2>&1 | findstr /l /c:"sun.arch.data.model = 32" >nul
if errorlevel 1 goto run
echo vhdboot: error: java is a 32-bit Java on 64-bit Windows, which hides System32\bcdedit.exe and the 64-bit virtdisk.dll from it; run vhdboot with a 64-bit Java 17 or later, or the runtime\ folder installer\build-runtime.ps1 builds 1>&2
exit /b 6
:run
rem The JVM options the bash launcher sets (docs/benchmarks.md, "JVM options"): the serial collector and a small heap;
rem C1 only for short commands; `image` and `agent` keep C2, whose SHA-256 intrinsic a pull needs, but C2 takes a method
rem only once it is called ten times as often as by default; and they get a 64 MiB young generation, with the transfers'
rem 1 MiB arrays made in the old generation. VHDBOOT_JAVA_OPTS comes after them, so it can override them.
set "JVM_OPTS=-XX:+UseSerialGC -Xms16m -Xmx1g -XX:TieredStopAtLevel=1 -Xlog:all=warning:stderr"
if /i "%~1"=="image" set "JVM_OPTS=-XX:+UseSerialGC -Xms96m -Xmn64m -XX:PretenureSizeThreshold=1m -Xmx1g -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -Xlog:all=warning:stderr"
if /i "%~1"=="agent" set "JVM_OPTS=-XX:+UseSerialGC -Xms96m -Xmn64m -XX:PretenureSizeThreshold=1m -Xmx1g -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -Xlog:all=warning:stderr"
"%JAVA%" %JVM_OPTS% %VHDBOOT_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
