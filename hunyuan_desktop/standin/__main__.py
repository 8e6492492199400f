from hunyuan_desktop.standin import main

main()
