#!/bin/bash
# Generator cost (issue 5, item 3): clean and no-change build times and generated source size of throwaway projects
# that each compile ONE network file with the repository's compiler settings, against NetGen.Runtime.dll and
# NetGen.Generator.dll prebuilt (Release) from this checkout. Usage: generator-cost.sh [--no-build] [workdir]
# (default /tmp/ngcost); --no-build copies the DLLs already in src/*/bin/Release instead of building them first.
# See benchmarks/README.md, "Generator cost".
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
work=${1:-/tmp/ngcost}
mkdir -p "$work/lib"
if [ $build = 1 ]; then
  dotnet build "$repo/src/Generator" -c Release -v:q -nologo >/dev/null
  dotnet build "$repo/src/Runtime" -c Release -v:q -nologo >/dev/null
fi
cp "$repo/src/Generator/bin/Release/netstandard2.0/NetGen.Generator.dll" "$repo/src/Runtime/bin/Release/net10.0/NetGen.Runtime.dll" "$work/lib/"
cat > "$work/Directory.Build.props" <<'PROPS'
<Project>
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <LangVersion>latest</LangVersion>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <Deterministic>true</Deterministic>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
    <OutputType>Library</OutputType>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$(MSBuildThisFileDirectory)lib/NetGen.Runtime.dll" />
    <Analyzer Include="$(MSBuildThisFileDirectory)lib/NetGen.Generator.dll" />
  </ItemGroup>
</Project>
PROPS
echo '<Project />' > "$work/Directory.Packages.props"
declare -A sources=(
  [ResNet152]="$repo/samples/ModelZoo/Models/ResNet152.cs"
  [ResNet50]="$repo/samples/ModelZoo/Models/ResNet50.cs"
  [ResNet18]="$repo/samples/ModelZoo/Models/ResNet18.cs"
  [LeNet5]="$repo/samples/LeNet5/LeNet5.cs"
)
mkdir -p "$work/Empty"
echo 'namespace Empty; public class C { }' > "$work/Empty/C.cs"
echo '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><Compile Remove="**" /><Compile Include="C.cs" /></ItemGroup></Project>' > "$work/Empty/Empty.csproj"
for m in "${!sources[@]}"; do
  mkdir -p "$work/$m"
  printf '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <Compile Include="%s" />\n  </ItemGroup>\n</Project>\n' "${sources[$m]}" > "$work/$m/$m.csproj"
done
cd "$work"
for m in ResNet152 ResNet50 ResNet18 LeNet5 Empty; do
  dotnet restore "$m" -v:q >/dev/null
  for rep in 1 2 3; do
    rm -rf "$m/bin" "$m/obj/Release"
    load=$(cut -d' ' -f1 /proc/loadavg)
    s=$(date +%s.%N); dotnet build "$m" -c Release --no-restore -v:q -nologo -clp:NoSummary > "$m/build.log" 2>&1 || { cat "$m/build.log"; exit 1; }
    e=$(date +%s.%N)
    dotnet build "$m" -c Release --no-restore -v:q -nologo -clp:NoSummary > "$m/build2.log" 2>&1; e2=$(date +%s.%N)
    printf "%-10s rep %d: clean %.1f s, no-change %.1f s (1-min load before: %s)\n" "$m" "$rep" "$(echo "$e - $s" | bc)" "$(echo "$e2 - $e" | bc)" "$load"
  done
  rm -rf "$m/bin" "$m/obj/Release"
  dotnet build "$m" -c Release --no-restore -nologo -v:d -p:ReportAnalyzer=true -clp:PerformanceSummary > "$m/detail.log" 2>&1
  csc=$(grep -E '^ +[0-9]+ ms +Csc ' "$m/detail.log" | head -1 | tr -s ' ' || true)
  gen=$(grep -A6 'Total generator execution time' "$m/detail.log" | grep -E 'NetGen.Generator,' | head -1 | tr -s ' ' | cut -d' ' -f2 || true)
  f=$(find "$m/obj/Release" -name "*.$m.g.cs" | head -1)  # <namespace>.<class>.g.cs
  if [ -n "$f" ]; then
    echo "$m: $(stat -c %s "$f") bytes, $(wc -l < "$f") lines generated; assembly $(stat -c %s "$m/bin/Release/net10.0/$m.dll") bytes; Csc task$csc; NetGen generator ${gen:-?} s"
  else
    echo "$m: Csc task$csc"
  fi
done
