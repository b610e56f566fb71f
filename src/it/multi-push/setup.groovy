// One "executable" per platform under data/native/{os}-{arch}, files shared by both, one arm-only file;
// a registry behind a request-counting proxy, whose address goes into pom.xml.
import io.github.scratchimage.maven.PushIt

PushIt.writeFiles(basedir, [
        'data/native/linux-amd64/app': 'the amd64 build\n',
        'data/native/linux-arm64/app': 'the arm64 build\n',
        'data/shared/index.html'     : '<h1>shared</h1>\n',
        'data/shared/css/site.css'   : 'h1 { color: teal }\n',
        'data/arm-only.txt'          : 'only on arm64\n'])
PushIt.startBehindProxy(basedir)
return true
