@echo off
rem Starts the stowage command of this distribution: Java with the jars in lib\ on the class path.
rem   JAVA_HOME          the Java (17 or later) to run; else the first java.exe on the PATH
rem   STOWAGE_JAVA_OPTS  JVM options, e.g. set STOWAGE_JAVA_OPTS=-Xmx2g
setlocal

set "APP_HOME=%~dp0.."

if defined JAVA_HOME (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_EXE=java.exe"
)
if defined JAVA_HOME (
  if not exist "%JAVA_EXE%" (
    echo stowage: JAVA_HOME is set to "%JAVA_HOME%" but "%JAVA_EXE%" does not exist; set JAVA_HOME to a Java 17 ^(or later^) installation 1>&2
    exit /b 1
  )
) else (
  where java.exe >nul 2>nul
  if errorlevel 1 (
    echo stowage: no java.exe on the PATH; install Java 17 or later, or set JAVA_HOME 1>&2
    exit /b 1
  )
)

"%JAVA_EXE%" %STOWAGE_JAVA_OPTS% -cp "%APP_HOME%\lib\*" dev.stowage.cli.Main %*
exit /b %ERRORLEVEL%
