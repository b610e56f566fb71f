import io.github.scratchimage.maven.PushIt

PushIt.writeFiles(basedir, [
        'data/native/linux-amd64/app': 'the amd64 build\n',
        'data/native/linux-arm64/app': 'the arm64 build\n',
        'data/shared.txt'            : 'shared by both\n'])
PushIt.start(basedir)
return true
