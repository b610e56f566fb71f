// The files of the POM (the same layout as multi-save): an "executable" per platform, shared files,
// and the file only the arm64 entry of <platforms> adds.
[
    'native/linux-amd64/app': 'the amd64 build\n',
    'native/linux-arm64/app': 'the arm64 build\n',
    'shared/index.html'     : '<h1>shared</h1>\n',
    'arm-only.txt'          : 'only on arm64\n',
].each { relative, text ->
    File file = new File(basedir, "data/${relative}")
    file.parentFile.mkdirs()
    file.text = text
}
return true
